/** The backend-neutral model description: layers, wiring and PyTorch-style parameter names. */
package dev.sparse4j.api.model;
