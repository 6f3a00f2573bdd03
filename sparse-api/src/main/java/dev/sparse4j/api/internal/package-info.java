/** Implementation details; not exported. */
package dev.sparse4j.api.internal;
