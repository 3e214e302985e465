/** Neural-network modules, layers, losses, initialisation, optimizers and weight files. */
module dev.dl.nn {
  requires transitive dev.dl.api;
  requires com.google.gson;

  exports dev.dl.nn;
  exports dev.dl.nn.init;
  exports dev.dl.nn.io;
  exports dev.dl.optim;
}
