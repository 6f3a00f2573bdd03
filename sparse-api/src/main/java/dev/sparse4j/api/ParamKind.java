package dev.sparse4j.api;

/** What role a parameter tensor plays; only conv and linear {@link #WEIGHT}s of rank ≥ 2 are prunable. */
public enum ParamKind {
  /** Weight of a convolution or linear layer. */
  WEIGHT,
  /** Additive bias of a convolution or linear layer; never masked. */
  BIAS,
  /** Learnable scale or shift of a normalisation layer; never masked. */
  NORM,
  /** Non-trainable state such as batch-norm running statistics; never masked. */
  BUFFER,
  /** Anything else; never masked. */
  OTHER
}
