/** Autograd for dl: the recorder behind {@code Tensor.backward()}, derivative rules, custom functions and gradcheck. */
module dev.dl.autograd {
  requires transitive dev.dl.api;

  exports dev.dl.autograd;

  provides dev.dl.spi.GradRecorder with dev.dl.autograd.GradRecorderProvider;
}
