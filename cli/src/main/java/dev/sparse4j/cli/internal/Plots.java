package dev.sparse4j.cli.internal;

import dev.sparse4j.api.spi.AtomicFiles;
import dev.sparse4j.metrics.ReliabilityBin;
import dev.sparse4j.runner.RunPlots;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.train.EpochRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The run's PNG plots, drawn with JFreeChart in headless mode and written atomically. */
public final class Plots {
  private static final Color BLUE = new Color(0x1f77b4);
  private static final Color ORANGE = new Color(0xff7f0e);
  private static final Color GREEN = new Color(0x2ca02c);
  private static final Color RED = new Color(0xd62728);
  private static final Color GRID = new Color(0xd0d0d0);

  static {
    // No display is needed (or wanted) to draw into an image; set before AWT initialises.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Plots() {}


  /**
   * A reliability diagram: accuracy per confidence bin as bars over the bin's range, the bins' mean confidence as
   * dots, and the diagonal of perfect calibration; ECE and MCE in the title.
   */
  public static void reliability(Path file, List<ReliabilityBin> bins, double ece, double mce, int count,
      String subtitle) throws IOException {
    XYIntervalSeries acc = new XYIntervalSeries("accuracy in bin");
    XYSeries conf = new XYSeries("mean confidence in bin");
    for (ReliabilityBin b : bins) {
      if (!b.isEmpty()) {
        double mid = (b.lower() + b.upper()) / 2;
        acc.add(mid, b.lower(), b.upper(), b.accuracy(), b.accuracy(), b.accuracy());
        conf.add(mid, b.confidence());
      }
    }
    XYIntervalSeriesCollection bars = new XYIntervalSeriesCollection();
    bars.addSeries(acc);
    NumberAxis x = new NumberAxis("confidence (max softmax probability)");
    x.setRange(0, 1);
    NumberAxis y = new NumberAxis("accuracy");
    y.setRange(0, 1);
    XYBarRenderer barRenderer = new XYBarRenderer();
    barRenderer.setBarPainter(new StandardXYBarPainter());
    barRenderer.setShadowVisible(false);
    barRenderer.setDrawBarOutline(true);
    barRenderer.setSeriesPaint(0, new Color(0x1f, 0x77, 0xb4, 190));
    barRenderer.setSeriesOutlinePaint(0, Color.WHITE);
    XYPlot plot = new XYPlot(bars, x, y, barRenderer);

    XYSeries diagonal = new XYSeries("perfect calibration");
    diagonal.add(0, 0);
    diagonal.add(1, 1);
    XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
    line.setSeriesPaint(0, Color.DARK_GRAY);
    line.setSeriesStroke(0, new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
        new float[] {6f, 4f}, 0f));
    plot.setDataset(1, new XYSeriesCollection(diagonal));
    plot.setRenderer(1, line);
    XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
    dots.setSeriesPaint(0, RED);
    dots.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
    plot.setDataset(2, new XYSeriesCollection(conf));
    plot.setRenderer(2, dots);
    style(plot);
    String title = String.format(Locale.ROOT, "Reliability diagram: ECE %.4f, MCE %.4f (%d bins, %s examples)",
        ece, mce, bins.size(), Format.count(count));
    write(file, chart(title, subtitle, plot), 800, 700);
  }

  /** Per-layer density bars, planned (target) next to achieved with whole weights. */
  public static void densities(Path file, List<RunPlots.LayerDensityRow> layers, double totalTarget, double totalAchieved,
      String subtitle) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (RunPlots.LayerDensityRow l : layers) {
      data.addValue(l.target(), "target", l.name());
      data.addValue(l.achieved(), "achieved", l.name());
    }
    CategoryAxis x = new CategoryAxis("layer");
    x.setCategoryLabelPositions(CategoryLabelPositions.UP_90);
    x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, layers.size() > 30 ? 8 : 10));
    x.setCategoryMargin(0.15);
    NumberAxis y = new NumberAxis("density (fraction of weights kept)");
    y.setRange(0, 1.05);
    BarRenderer r = new BarRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setItemMargin(0.0);
    r.setSeriesPaint(0, ORANGE);
    r.setSeriesPaint(1, BLUE);
    CategoryPlot plot = new CategoryPlot(data, x, y, r);
    plot.setOrientation(PlotOrientation.VERTICAL);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(GRID);
    String title = String.format(Locale.ROOT, "Per-layer density: total %.4f (target %.4f)", totalAchieved,
        totalTarget);
    int width = Math.max(800, Math.min(2400, 160 + 36 * layers.size()));
    write(file, chart(title, subtitle, plot), width, 650);
  }

  /** Training loss (top) and train / test accuracy (bottom) per epoch. */
  public static void training(Path file, List<EpochRecord> history, String subtitle) throws IOException {
    XYSeries loss = new XYSeries("training loss");
    XYSeries trainAcc = new XYSeries("train accuracy");
    XYSeries testAcc = new XYSeries("test accuracy");
    for (EpochRecord r : history) {
      loss.add(r.epoch(), r.loss());
      trainAcc.add(r.epoch(), r.trainAccuracy());
      if (r.hasTestAccuracy()) {
        testAcc.add(r.epoch(), r.testAccuracy());
      }
    }
    NumberAxis epochs = new NumberAxis("epoch");
    epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    epochs.setRange(0.5, Math.max(1, history.size()) + 0.5);
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
    plot.setGap(12);

    NumberAxis lossAxis = new NumberAxis("cross-entropy");
    lossAxis.setAutoRangeIncludesZero(true);
    XYLineAndShapeRenderer lr = renderer(RED);
    XYPlot top = new XYPlot(new XYSeriesCollection(loss), null, lossAxis, lr);
    style(top);
    plot.add(top, 1);

    XYSeriesCollection acc = new XYSeriesCollection();
    acc.addSeries(trainAcc);
    acc.addSeries(testAcc);
    NumberAxis accAxis = new NumberAxis("accuracy");
    accAxis.setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer ar = renderer(BLUE);
    ar.setSeriesPaint(1, GREEN);
    ar.setSeriesShape(1, new Ellipse2D.Double(-4, -4, 8, 8));
    ar.setSeriesStroke(1, new BasicStroke(2f));
    XYPlot bottom = new XYPlot(acc, null, accAxis, ar);
    style(bottom);
    plot.add(bottom, 1);

    // Dynamic sparse training: the ITOP rate (fraction of prunable weights ever active) under the accuracy.
    boolean itop = history.stream().anyMatch(EpochRecord::hasItop);
    if (itop) {
      XYSeries rate = new XYSeries("ITOP rate");
      history.stream().filter(EpochRecord::hasItop).forEach(r -> rate.add(r.epoch(), r.itop()));
      NumberAxis rateAxis = new NumberAxis("ITOP rate");
      rateAxis.setAutoRangeIncludesZero(false);
      XYPlot third = new XYPlot(new XYSeriesCollection(rate), null, rateAxis, renderer(GREEN));
      style(third);
      plot.add(third, 1);
    }

    EpochRecord last = history.isEmpty() ? null : history.get(history.size() - 1);
    String title = last == null ? "Training" : String.format(Locale.ROOT,
        "Training: %d epoch%s, final loss %.4f, test accuracy %s%s", history.size(), history.size() == 1 ? "" : "s",
        last.loss(), Format.fraction(last.testAccuracy()),
        last.hasItop() ? String.format(Locale.ROOT, ", ITOP %.4f", last.itop()) : "");
    write(file, chart(title, subtitle, plot), 800, itop ? 900 : 700);
  }

  /**
   * One line of {@link #lines}.
   *
   * @param name legend entry
   * @param points (x, y, error) in x order; error 0 draws no bar
   * @param color index into the palette
   * @param dashed a dashed line without markers (a reference level, e.g. a dense baseline)
   */
  public record Line(String name, List<Point> points, int color, boolean dashed) {}

  /**
   * A point with a symmetric error bar.
   *
   * @param x position
   * @param y value
   * @param error half the bar's length (a standard deviation); 0 for none
   */
  public record Point(double x, double y, double error) {}

  private static final Color[] PALETTE = {BLUE, ORANGE, GREEN, RED, new Color(0x9467bd), new Color(0x8c564b),
      new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

  /** Lines with markers and error bars (dashed lines for reference levels), e.g. accuracy against sparsity. */
  public static void lines(Path file, String title, String subtitle, String xLabel, String yLabel, List<Line> lines)
      throws IOException {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    XYErrorRenderer r = new XYErrorRenderer();
    r.setDefaultLinesVisible(true);
    // One seed: no bars at all (zero-length bars would still draw their caps).
    r.setDrawYError(lines.stream().flatMap(l -> l.points().stream()).anyMatch(p -> p.error() > 0));
    r.setErrorPaint(Color.DARK_GRAY);
    r.setCapLength(6);
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      YIntervalSeries s = new YIntervalSeries(l.name(), false, true);
      l.points().forEach(p -> s.add(p.x(), p.y(), p.y() - p.error(), p.y() + p.error()));
      data.addSeries(s);
      r.setSeriesPaint(i, PALETTE[Math.floorMod(l.color(), PALETTE.length)]);
      if (l.dashed()) {
        r.setSeriesStroke(i, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f));
        r.setSeriesShapesVisible(i, false);
      } else {
        r.setSeriesStroke(i, new BasicStroke(2f));
        r.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
      }
    }
    NumberAxis x = new NumberAxis(xLabel);
    x.setAutoRangeIncludesZero(false);
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(data, x, y, r);
    style(plot);
    write(file, chart(title, subtitle, plot), 900, 600);
  }

  private static XYLineAndShapeRenderer renderer(Color first) {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    r.setSeriesPaint(0, first);
    r.setSeriesStroke(0, new BasicStroke(2f));
    r.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
    return r;
  }

  private static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
  }

  private static JFreeChart chart(String title, String subtitle, org.jfree.chart.plot.Plot plot) {
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    if (subtitle != null && !subtitle.isEmpty()) {
      chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    }
    return chart;
  }

  private static void write(Path file, JFreeChart chart, int width, int height) throws IOException {
    AtomicFiles.write(file, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
  }
}
