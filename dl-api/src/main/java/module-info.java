/**
 * The tensor core: {@link dev.dl.Tensor}, dtypes, devices, generators, backend discovery, and the
 * backend SPI ({@code dev.dl.spi}) that backends and the autograd engine implement.
 */
module dev.dl.api {
  exports dev.dl;
  exports dev.dl.spi;

  uses dev.dl.spi.BackendProvider;
  uses dev.dl.spi.GradRecorder;
}
