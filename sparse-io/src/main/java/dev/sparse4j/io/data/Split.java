package dev.sparse4j.io.data;

/** Which part of a dataset with a fixed train/test split to load. */
public enum Split {
  /** The training examples. */
  TRAIN,
  /** The held-out test examples. */
  TEST;

  /** Lower-case name used in dataset names ({@code fashion-mnist/train}). */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
