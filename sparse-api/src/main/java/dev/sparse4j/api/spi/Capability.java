package dev.sparse4j.api.spi;

/** What a backend can do; callers and tests check capabilities, never backend names. */
public enum Capability {
  /** Masked training steps ({@link SparseModel#trainStep}). */
  TRAIN,
  /** Gradients of the loss with respect to the input ({@link SparseModel#inputGradient}); attacks and ODIN need it. */
  INPUT_GRADIENTS,
  /** Gradients of the loss with respect to parameters ({@link SparseModel#parameterGradients}); score pruners need it. */
  PARAM_GRADIENTS,
  /**
   * Exact Hessian-vector products through a double backward ({@link SparseModel#hessianVectorProduct}, GraSP);
   * without it GraSP uses a finite difference of two gradients.
   */
  DOUBLE_BACKWARD,
  /**
   * Builds and trains a model from kept entries only ({@link SparseBackend#buildKept}): masks, weights, gradients and
   * optimizer state are held for the kept positions, never densely, so layers too large to exist densely can be
   * trained.
   */
  KEPT_ENTRIES,
  /** Runs on a GPU. */
  GPU
}
