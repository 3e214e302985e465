/**
 * Image transforms in torchvision's style (ToTensor, Normalize, Resize, crops, flips, rotation)
 * working on CHW float tensors; random transforms draw from the DataLoader's per-sample
 * generator so augmented batches do not depend on the number of workers.
 */
package dev.dl.data.transforms;
