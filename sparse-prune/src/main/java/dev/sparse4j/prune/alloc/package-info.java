/** Layer-wise density allocators (uniform, ER, ERK, uniform+, ERK+, custom) and their lookup by name. */
package dev.sparse4j.prune.alloc;
