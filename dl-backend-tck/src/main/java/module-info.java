/**
 * The backend conformance kit: extend {@link dev.dl.backend.tck.BackendTck} in one test class to
 * check a backend against the kit's own double-precision reference.
 */
module dev.dl.backend.tck {
  requires transitive dev.dl.api;
  requires transitive org.junit.jupiter.api;

  uses dev.dl.spi.GradRecorder;

  exports dev.dl.backend.tck;
  opens dev.dl.backend.tck to org.junit.platform.commons;
}
