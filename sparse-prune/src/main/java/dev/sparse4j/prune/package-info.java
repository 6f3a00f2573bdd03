/**
 * Pruning at initialisation: the {@link dev.sparse4j.prune.Pruner} and {@link dev.sparse4j.prune.DensityAllocator}
 * SPIs, the built-in pruners, their lookup by name, and the {@link dev.sparse4j.prune.Sparsifier} that turns a target
 * density into a {@link dev.sparse4j.api.MaskSet}. Allocators live in {@code dev.sparse4j.prune.alloc}.
 */
package dev.sparse4j.prune;
