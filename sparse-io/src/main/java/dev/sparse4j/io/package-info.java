/**
 * File formats and file safety: the sparse4j mask file ({@code .s4jm}), NumPy {@code .npy}/{@code .npz}, run
 * provenance, checksums, the directory lock, and the one JSON mapper of sparse4j's files.
 */
package dev.sparse4j.io;
