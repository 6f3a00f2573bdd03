package dev.sparse4j.backend.djl.pytorch.internal;

import ai.djl.ndarray.types.DataType;
import dev.sparse4j.api.spi.ConvWorkaround;

/**
 * How a djl-pytorch backend compiles and runs its models.
 *
 * @param channelsLast images enter NHWC (option {@code memory-format})
 * @param dataType {@link DataType#FLOAT32}, or {@link DataType#FLOAT64} for reference computations (option
 *     {@code precision}); values cross the SPI as float either way
 * @param strided1x1 how a strided 1×1 convolution runs (system property {@value ConvWorkaround#PROPERTY})
 */
record PtSettings(boolean channelsLast, DataType dataType, ConvWorkaround strided1x1) {}
