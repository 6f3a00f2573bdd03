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
  /** Runs on a GPU. */
  GPU
}
