/** Pruners that turn a {@link dev.sparse4j.api.DensityPlan} into a {@link dev.sparse4j.api.MaskSet}, and their lookup by name. */
package dev.sparse4j.api.prune;
