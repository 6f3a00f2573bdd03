package dev.sparse4j.runner;

import dev.sparse4j.api.spi.NamedServices;
import dev.sparse4j.metrics.ReliabilityBin;
import dev.sparse4j.train.EpochRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws a run's three plots (PNG). The runner holds no charting library: the command line provides one (JFreeChart)
 * through {@link ServiceLoader}; a Java application without one gets every other file of the run and a log line.
 */
public interface RunPlots {

  /** One bar pair of the densities plot: a layer's planned and achieved density. */
  record LayerDensityRow(String name, double target, double achieved) {}

  /** The reliability diagram: accuracy against confidence per bin, with ECE and MCE. */
  void reliability(Path file, List<ReliabilityBin> bins, double ece, double mce, int count, String subtitle)
      throws IOException;

  /** Planned and achieved density per layer. */
  void densities(Path file, List<LayerDensityRow> layers, double totalTarget, double totalAchieved, String subtitle)
      throws IOException;

  /** Loss and accuracy per epoch. */
  void training(Path file, List<EpochRecord> history, String subtitle) throws IOException;

  /** The first installed implementation, if any (a broken one is skipped and logged). */
  static Optional<RunPlots> installed() {
    List<String> skipped = new ArrayList<>();
    List<RunPlots> found = NamedServices.discover(ServiceLoader.load(RunPlots.class).iterator(), "plots", skipped);
    Logger log = LoggerFactory.getLogger(RunPlots.class);
    skipped.forEach(s -> log.warn("{}", s));
    if (found.isEmpty()) {
      log.info("no RunPlots implementation installed (dev.sparse4j:cli has one): the run writes no PNG plots");
    }
    return found.stream().findFirst();
  }
}
