/** The ND4J backend of sparse4j: provider {@code nd4j} (ND4J/SameDiff 1.0.0-M2.1, CPU, fp32). */
package dev.sparse4j.backend.nd4j;
