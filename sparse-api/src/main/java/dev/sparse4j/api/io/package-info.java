/** File formats: the sparse4j mask file ({@code .s4jm}) and NumPy {@code .npy}/{@code .npz}. */
package dev.sparse4j.api.io;
