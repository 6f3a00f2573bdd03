package com.example.prune;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.sparse4j.prune.Pruner;
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.tck.PrunerContract;
import org.junit.jupiter.api.Test;

/** The whole pruner contract of the TCK, plus discovery by name through ServiceLoader. */
class StridedPrunerContractTest extends PrunerContract {
  @Override
  protected Pruner pruner() {
    return new StridedPruner();
  }

  @Test
  void foundByNameThroughServiceLoader() {
    assertInstanceOf(StridedPruner.class, Pruners.get("strided"));
  }
}
