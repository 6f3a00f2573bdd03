package dev.sparse4j.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.metrics.Calibration;
import dev.sparse4j.runner.RunPlots;
import dev.sparse4j.train.EpochRecord;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir
  Path tmp;

  private static BufferedImage png(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    assertTrue(bytes.length > 2000, file + " has only " + bytes.length + " bytes");
    assertArrayEquals(PNG_MAGIC, Arrays.copyOf(bytes, 8), file + " starts with the PNG signature");
    BufferedImage img = ImageIO.read(file.toFile());
    assertNotNull(img, file + " decodes");
    return img;
  }

  @Test
  void reliabilityDiagram() throws IOException {
    double[] conf = {0.95, 0.9, 0.55, 0.3, 0.99, 0.7};
    boolean[] correct = {true, false, true, false, true, true};
    Calibration c = Calibration.of(conf, correct);
    Path f = tmp.resolve("reliability.png");
    Plots.reliability(f, c.bins(), c.ece(), c.mce(), conf.length, "test run");
    BufferedImage img = png(f);
    assertEquals(800, img.getWidth());
    assertEquals(700, img.getHeight());
  }

  @Test
  void densitiesGrowWithTheLayerCount() throws IOException {
    Path few = tmp.resolve("few.png");
    Plots.densities(few, List.of(new RunPlots.LayerDensityRow("fc1.weight", 0.08, 0.0796),
        new RunPlots.LayerDensityRow("fc2.weight", 0.23, 0.23), new RunPlots.LayerDensityRow("fc3.weight", 1, 1)), 0.1, 0.1,
        "");
    assertEquals(800, png(few).getWidth());
    Path many = tmp.resolve("many.png");
    List<RunPlots.LayerDensityRow> rows = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(new RunPlots.LayerDensityRow("layer" + i + ".weight", 0.1, 0.1));
    }
    Plots.densities(many, rows, 0.1, 0.1, null);
    assertEquals(160 + 36 * 40, png(many).getWidth());
  }

  @Test
  void trainingCurvesWithOneOrManyEpochs() throws IOException {
    Path one = tmp.resolve("one.png");
    Plots.training(one, List.of(new EpochRecord(1, 0.9, 0.7, 0.8, 0.1, 12)), "one epoch");
    png(one);
    Path many = tmp.resolve("many.png");
    Plots.training(many, List.of(new EpochRecord(1, 0.9, 0.7, 0.8, 0.1, 12), new EpochRecord(2, 0.5, 0.82, 0.84, 0.1, 12),
        new EpochRecord(3, 0.4, 0.86, Double.NaN, 0.01, 12)), "three epochs, no test accuracy in the last");
    png(many);
    assertTrue(Files.list(tmp).noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
  }
}
