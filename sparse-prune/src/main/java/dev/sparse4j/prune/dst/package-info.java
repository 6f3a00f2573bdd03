/**
 * Dynamic sparse training: the {@link dev.sparse4j.prune.dst.TopologyUpdater} SPI with SET and RigL, the update
 * schedule, the engine that applies an update through the public model SPI, and the ITOP rate tracker.
 */
package dev.sparse4j.prune.dst;
