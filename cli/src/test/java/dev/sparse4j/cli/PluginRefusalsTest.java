package dev.sparse4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.ModelView;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruner;
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.prune.ScorePruner;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.SparseBackendProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's pruner that breaks a rule, and a backend that cannot train, are refused before anything is written, in
 * one line with exit code 2 (a plugin) or 1 (a capability) — never trained under a label they do not deserve, never
 * an "internal error".
 */
class PluginRefusalsTest {
  @TempDir
  Path tmp;
  private Path data;

  @BeforeEach
  void data() throws Exception {
    data = TestData.create(tmp.resolve("data"), 40, 20);
  }

  /** Keeps every weight whatever the plan says. */
  public static final class KeepAll implements Pruner {
    @Override
    public String name() {
      return "keep-all";
    }

    @Override
    public MaskSet prune(ModelView model, DensityPlan plan, PruneContext context) {
      Map<String, Mask> out = new LinkedHashMap<>();
      for (LayerDensity l : plan.layers()) {
        boolean[] keep = new boolean[l.param().numel()];
        java.util.Arrays.fill(keep, true);
        out.put(l.name(), Mask.ofBooleans(l.param().shape(), keep));
      }
      return MaskSet.of(out);
    }
  }

  /** Forgets the last planned layer. */
  public static final class SkipLast implements Pruner {
    @Override
    public String name() {
      return "skip-last";
    }

    @Override
    public MaskSet prune(ModelView model, DensityPlan plan, PruneContext context) {
      MaskSet all = new dev.sparse4j.prune.RandomPruner().prune(model, plan, context);
      Map<String, Mask> out = new LinkedHashMap<>(all.asMap());
      out.remove(plan.names().get(plan.names().size() - 1));
      return MaskSet.of(out);
    }
  }

  /** Scores that are not numbers. */
  public static final class NanScores implements ScorePruner {
    @Override
    public String name() {
      return "nan-scores";
    }

    @Override
    public boolean layerWise() {
      return false;
    }

    @Override
    public Collapse collapse() {
      return Collapse.GUARD;
    }

    @Override
    public Map<String, float[]> scores(ModelView model, List<ParamSpec> layers, PruneContext context) {
      Map<String, float[]> out = new LinkedHashMap<>();
      layers.forEach(p -> out.put(p.name(), new float[p.numel()]));
      out.values().iterator().next()[3] = Float.NaN;
      return out;
    }
  }

  /** A user's pruner that takes a built-in's name. */
  public static final class Impostor implements Pruner {
    @Override
    public String name() {
      return "random";
    }

    @Override
    public MaskSet prune(ModelView model, DensityPlan plan, PruneContext context) {
      throw new UnsupportedOperationException();
    }
  }

  private CliRunner.Result train(String out, String... args) {
    List<String> all = new ArrayList<>(List.of("train", "--backend", "fake", "--data-dir", data.toString(),
        "--model", "mlp", "--epochs", "1", "--no-robustness", "--no-odin", "--out", out));
    all.addAll(List.of(args));
    return CliRunner.run(new SparseBackendProvider[] {new FakeBackend.Provider()}, all.toArray(String[]::new));
  }

  /** Runs {@code body} with {@code pruners} registered as a user's jar would register them. */
  private <T> T withPruners(String pruners, Callable<T> body) throws Exception {
    Path dir = tmp.resolve("plugin");
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(services.resolve(Pruner.class.getName()), pruners + "\n");
    Thread t = Thread.currentThread();
    ClassLoader old = t.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, old)) {
      t.setContextClassLoader(loader);
      Pruners.reset();
      return body.call();
    } finally {
      t.setContextClassLoader(old);
      Pruners.reset();
    }
  }

  private static void pluginError(CliRunner.Result r, String... parts) {
    assertEquals(2, r.exit(), r.err());
    assertFalse(r.err().contains("internal error") || r.err().contains("\tat "), r.err());
    String line = r.errLines().stream().filter(l -> l.startsWith("sparse4j train: error: ")).findFirst()
        .orElseThrow(() -> new AssertionError(r.err()));
    for (String p : parts) {
      assertTrue(line.contains(p), "expected '" + p + "' in: " + r.err());
    }
  }

  @Test
  void masksThatDoNotFollowThePlanAreRefusedBeforeTraining() throws Exception {
    String out = tmp.resolve("keep-all").toString();
    CliRunner.Result r = withPruners(KeepAll.class.getName(), () -> train(out, "--pruner", "keep-all",
        "--sparsity", "0.98"));
    pluginError(r, "pruner 'keep-all' kept 235200 of 235200 weights of fc1.weight but the plan says exactly",
        "refusing masks that do not match the density they would be reported under");
    assertFalse(Files.exists(Path.of(out)), "a refused run leaves no directory");
  }

  @Test
  void masksMissingALayerAreRefusedBeforeTraining() throws Exception {
    String out = tmp.resolve("skip-last").toString();
    CliRunner.Result r = withPruners(SkipLast.class.getName(), () -> train(out, "--pruner", "skip-last"));
    pluginError(r, "pruner 'skip-last' returned masks for other layers than the plan: missing [fc3.weight]");
    assertFalse(Files.exists(Path.of(out)), "a refused run leaves no directory");
  }

  @Test
  void nonFiniteScoresAndNameClashesAreOneLineWithExitCode2() throws Exception {
    String out = tmp.resolve("nan").toString();
    pluginError(withPruners(NanScores.class.getName(), () -> train(out, "--pruner", "nan-scores")),
        "pruner 'nan-scores': the score of fc1.weight[3] is NaN");
    assertFalse(Files.exists(Path.of(out)));
    pluginError(withPruners(Impostor.class.getName(), () -> train(tmp.resolve("clash").toString())),
        "two pruners are named 'random'", Impostor.class.getName());
  }

  @Test
  void aBackendThatCannotTrainIsRefusedBeforeTheDataIsRead() {
    String out = tmp.resolve("no-train").toString();
    CliRunner.Result r = CliRunner.run(new SparseBackendProvider[] {new FakeBackend.Provider("eval-only",
        EnumSet.noneOf(Capability.class)), new FakeBackend.Provider()}, "train", "--backend", "eval-only",
        "--data-dir", tmp.resolve("no-data").toString(), "--model", "mlp", "--no-robustness", "--no-odin", "--out",
        out);
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("backend 'eval-only' does not support TRAIN, which training needs; evaluate a"
        + " trained run on it instead (sparse4j eval --backend eval-only --run DIR), or use a backend that"
        + " supports it: fake"), r.err());
    assertFalse(r.err().contains("loading"), "refused before the data is read: " + r.err());
    assertFalse(Files.exists(Path.of(out)), "a refused run leaves no directory");
  }
}
