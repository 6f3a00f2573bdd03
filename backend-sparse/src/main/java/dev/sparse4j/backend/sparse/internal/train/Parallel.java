package dev.sparse4j.backend.sparse.internal.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/** Splits an index range over the backend's pool; inline when there is no pool or too little work. */
final class Parallel {
  /** The body of one part: indices {@code from} (inclusive) to {@code to} (exclusive). */
  @FunctionalInterface
  interface Range {
    void run(int from, int to);
  }

  private Parallel() {}

  /**
   * Runs {@code body} over {@code [0, n)} (rows, channels) in a few parts per thread, so uneven rows even out;
   * inline when {@code pool} is null, {@code n < 2} or {@code work} (an estimate of multiply-adds) is below 50,000.
   */
  static void range(ForkJoinPool pool, int n, long work, Range body) {
    if (pool == null || n < 2 || work < 50_000) {
      body.run(0, n);
      return;
    }
    split(pool, n, Math.min(n, pool.getParallelism() * 4), body);
  }

  /**
   * Runs an elementwise {@code body} over {@code [0, n)} in one contiguous part per thread (inline below 100,000
   * elements, where a hand-off costs more than it saves).
   */
  static void chunks(ForkJoinPool pool, int n, Range body) {
    if (pool == null || n < 100_000) {
      body.run(0, n);
      return;
    }
    split(pool, n, pool.getParallelism(), body);
  }

  private static void split(ForkJoinPool pool, int n, int parts, Range body) {
    List<RecursiveAction> tasks = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) n * p / parts);
      int to = (int) ((long) n * (p + 1) / parts);
      tasks.add(new RecursiveAction() {
        @Override
        protected void compute() {
          body.run(from, to);
        }
      });
    }
    pool.invoke(new RecursiveAction() {
      @Override
      protected void compute() {
        ForkJoinTask.invokeAll(tasks);
      }
    });
  }
}
