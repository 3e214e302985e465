/** Weight files and checkpoints: safetensors reading and writing, atomic training checkpoints. */
package dev.dl.nn.io;
