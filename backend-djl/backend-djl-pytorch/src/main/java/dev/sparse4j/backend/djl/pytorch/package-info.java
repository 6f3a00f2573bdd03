/** The DJL-PyTorch backend of sparse4j: provider {@code djl-pytorch} ({@link dev.sparse4j.backend.djl.pytorch.DjlPyTorchProvider}). */
package dev.sparse4j.backend.djl.pytorch;
