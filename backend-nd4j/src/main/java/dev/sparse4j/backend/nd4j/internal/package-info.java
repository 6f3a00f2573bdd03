/** Implementation of the ND4J backend; not part of the API. */
package dev.sparse4j.backend.nd4j.internal;
