package dev.sparse4j.cli.internal;

import dev.sparse4j.metrics.ReliabilityBin;
import dev.sparse4j.runner.RunPlots;
import dev.sparse4j.train.EpochRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The command line's {@link RunPlots}: a run's three PNGs drawn with JFreeChart ({@link Plots}). */
public final class ChartPlots implements RunPlots {
  /** The public no-argument constructor that {@link java.util.ServiceLoader} calls. */
  public ChartPlots() {}

  @Override
  public void reliability(Path file, List<ReliabilityBin> bins, double ece, double mce, int count, String subtitle)
      throws IOException {
    Plots.reliability(file, bins, ece, mce, count, subtitle);
  }

  @Override
  public void densities(Path file, List<LayerDensityRow> layers, double totalTarget, double totalAchieved,
      String subtitle) throws IOException {
    Plots.densities(file, layers, totalTarget, totalAchieved, subtitle);
  }

  @Override
  public void training(Path file, List<EpochRecord> history, String subtitle) throws IOException {
    Plots.training(file, history, subtitle);
  }
}
