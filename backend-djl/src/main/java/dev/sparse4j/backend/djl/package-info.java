/** The DJL backends of sparse4j: provider {@code djl-pytorch} ({@link dev.sparse4j.backend.djl.DjlPyTorchProvider}). */
package dev.sparse4j.backend.djl;
