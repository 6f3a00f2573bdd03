/** Implementation of the sparse-cpu backend: the inference plan and its kernels; not part of the API. */
package dev.sparse4j.backend.sparse.internal;
