/** Pure-Java sparse inference for sparse4j: provider {@code sparse-cpu}. */
package dev.sparse4j.backend.sparse;
