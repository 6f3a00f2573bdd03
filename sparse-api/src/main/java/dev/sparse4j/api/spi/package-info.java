/** The backend SPI ({@link dev.sparse4j.api.spi.SparseBackendProvider}) and the {@link dev.sparse4j.api.spi.Backends} registry. */
package dev.sparse4j.api.spi;
