/** Backend-neutral training: configuration, learning-rate schedules, the training loop, listeners and checkpoints. */
package dev.sparse4j.api.train;
