/**
 * The service provider interface: what a backend implements ({@link dev.dl.spi.BackendProvider},
 * {@link dev.dl.spi.Backend}, {@link dev.dl.spi.Storage}) over the op vocabulary {@link dev.dl.spi.Op},
 * and the hook the autograd engine implements ({@link dev.dl.spi.GradRecorder}). Users do not import it.
 */
package dev.dl.spi;
