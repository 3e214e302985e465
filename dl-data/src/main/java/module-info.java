/**
 * Datasets, the DataLoader, samplers, collate functions, transforms and dataset readers: the
 * input pipeline of the dl framework, modelled on {@code torch.utils.data} and torchvision.
 */
module dev.dl.data {
  requires transitive dev.dl.api;
  requires transitive org.eclipse.collections.api;
  requires org.eclipse.collections.impl;
  requires org.apache.commons.csv;
  requires transitive java.desktop;

  exports dev.dl.data;
  exports dev.dl.data.sampler;
  exports dev.dl.data.transforms;
  exports dev.dl.data.text;
  exports dev.dl.data.tabular;
  exports dev.dl.data.io;
}
