package dev.sparse4j.prune.alloc;

/** Thrown when an allocator cannot reach a target density; carries the largest sparsity it can reach. */
public class InfeasibleDensityException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final double maxFeasibleSparsity;

  /**
   * @param message what was asked and why it cannot be done
   * @param maxFeasibleSparsity the largest overall sparsity this allocator reaches on these layers
   */
  public InfeasibleDensityException(String message, double maxFeasibleSparsity) {
    super(message);
    this.maxFeasibleSparsity = maxFeasibleSparsity;
  }

  /** The largest overall sparsity the allocator can reach on the given layers. */
  public double maxFeasibleSparsity() {
    return maxFeasibleSparsity;
  }
}
