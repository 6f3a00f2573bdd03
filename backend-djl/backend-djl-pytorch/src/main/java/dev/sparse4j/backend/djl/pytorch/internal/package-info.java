/** Implementation of the DJL-PyTorch backend: spec compiler, model, optimizer, native probe. Not exported. */
package dev.sparse4j.backend.djl.pytorch.internal;
