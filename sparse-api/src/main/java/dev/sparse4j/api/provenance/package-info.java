/** Records of how a result was made (configuration, seed, versions, densities), round-tripping through JSON. */
package dev.sparse4j.api.provenance;
