package dev.sparse4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparse4j.api.spi.Capability;
import dev.sparse4j.api.spi.ProviderInfo;
import dev.sparse4j.cli.DoctorRun.Check;
import dev.sparse4j.cli.DoctorRun.Outcome;
import dev.sparse4j.cli.DoctorRun.Status;
import dev.sparse4j.cli.internal.CpuInfo;
import dev.sparse4j.runner.report.Json;
import dev.sparse4j.tck.BackendSelfCheck;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sparse4j doctor}: whether every installed backend computes the right numbers on this CPU. Each backend is
 * checked in a child JVM with a time limit against a training trajectory recorded with real PyTorch and against
 * float64 references; a backend that fails is checked again with each known remedy, and the one that works is
 * printed. Exit code 0 if every available backend is right, 1 if one is wrong, crashed or hung.
 */
@Command(
    name = "doctor",
    description = {
        "Check that each installed backend gives correct numbers on this CPU: a training trajectory recorded with"
            + " real PyTorch (losses, weights, optimizer state, gradients) and strided 1×1 convolutions against a"
            + " float64 reference. CPUs differ in the kernels their engines pick (oneDNN, ATen, the Vector API), and"
            + " a faulty kernel gives wrong gradients silently; this finds it, names the layer and says what to do.",
        "Each backend runs in its own JVM with a time limit, so a native crash or hang is reported, not fatal."
            + " Exit code 0: all right; 1: something is wrong."},
    footer = {
        "%nExamples:",
        "  sparse4j doctor",
        "  sparse4j doctor --backend djl-pytorch",
        "  sparse4j doctor --json"})
final class DoctorCommand implements Callable<Integer> {

  /** A setting that avoids a known fault, and how a user applies it. */
  record Remedy(String label, Map<String, String> options, Map<String, String> environment, String advice) {}

  /** Known remedies per backend, tried in order when its checks fail. */
  static final Map<String, List<Remedy>> REMEDIES = Map.of(
      "djl-pytorch", List.of(new Remedy("memory-format=contiguous", Map.of("memory-format", "contiguous"), Map.of(),
          "add --backend-option memory-format=contiguous to train, eval and sweep (or set JAVA_OPTS="
              + "-Dsparse4j.djl-pytorch.memory-format=contiguous; library users: backend option"
              + " memory-format=contiguous); NCHW avoids oneDNN's channels-last kernels, ~20 % slower ResNet steps")),
      "djl-tensorflow", List.of(new Remedy("TF_ENABLE_ONEDNN_OPTS=0", Map.of(),
          Map.of("TF_ENABLE_ONEDNN_OPTS", "0"),
          "export TF_ENABLE_ONEDNN_OPTS=0 before starting the JVM (TensorFlow's own kernels instead of oneDNN's)")));

  @Spec
  private CommandSpec spec;

  @ParentCommand
  private Sparse4jCli root;

  @Option(names = "--backend", split = ",", paramLabel = "ID",
      description = "Check only these backends (comma-separated or repeated); default: every available one.")
  private List<String> backends = new ArrayList<>();

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
      description = "Time limit per backend check, in seconds (default: ${DEFAULT-VALUE}); a check that takes"
          + " longer is reported as hung.")
  private int timeoutSeconds;

  @Option(names = "--json", description = "Print JSON instead of text.")
  private boolean json;

  @Override
  public Integer call() {
    if (timeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second, got "
          + timeoutSeconds);
    }
    List<ProviderInfo> providers = root.registry().providers();
    List<ProviderInfo> chosen = choose(providers);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    List<Verdict> verdicts = new ArrayList<>();
    if (!json) {
      out.println("Checking " + chosen.size() + " backend" + (chosen.size() == 1 ? "" : "s")
          + " on this CPU (" + CpuInfo.describe() + ")");
      out.flush();
    }
    for (ProviderInfo p : chosen) {
      if (!json) {
        err.print("  " + p.id() + " … ");
        err.flush();
      }
      Outcome first = DoctorRun.run(p.id(), Map.of(), Map.of(), timeout);
      List<Map.Entry<Remedy, Outcome>> tried = new ArrayList<>();
      if (first.status() != Status.OK && first.status() != Status.UNAVAILABLE) {
        for (Remedy r : REMEDIES.getOrDefault(p.id(), List.of())) {
          tried.add(Map.entry(r, DoctorRun.run(p.id(), r.options(), r.environment(), timeout)));
        }
      }
      if (!json) {
        err.println(first.status().name().toLowerCase(Locale.ROOT));
        err.flush();
      }
      verdicts.add(new Verdict(p, first, tried));
    }
    boolean allRight = !chosen.isEmpty() && verdicts.stream().allMatch(v -> v.first().status() == Status.OK
        || v.first().status() == Status.UNAVAILABLE);
    if (json) {
      Json.print(out, toJson(verdicts, allRight));
    } else {
      print(out, verdicts, providers, allRight);
    }
    out.flush();
    return allRight ? 0 : 1;
  }

  /** The providers to check: the ones named, or every available one. */
  private List<ProviderInfo> choose(List<ProviderInfo> providers) {
    if (backends.isEmpty()) {
      return providers.stream().filter(ProviderInfo::available).toList();
    }
    List<ProviderInfo> chosen = new ArrayList<>();
    for (String name : new LinkedHashSet<>(backends)) {
      String id = name.trim().toLowerCase(Locale.ROOT);
      ProviderInfo p = providers.stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow(() ->
          new ParameterException(spec.commandLine(), "--backend " + name + ": no such backend; installed: "
              + String.join(", ", providers.stream().map(ProviderInfo::id).toList())
              + " (see sparse4j backends)"));
      if (!p.available()) {
        throw new ParameterException(spec.commandLine(), "--backend " + id + " is not available: "
            + p.availability().reason());
      }
      chosen.add(p);
    }
    return chosen;
  }

  /** A backend's first check and the remedies tried after it. */
  record Verdict(ProviderInfo provider, Outcome first, List<Map.Entry<Remedy, Outcome>> remedies) {}

  private static void print(PrintWriter out, List<Verdict> verdicts, List<ProviderInfo> providers,
      boolean allRight) {
    out.println();
    for (Verdict v : verdicts) {
      Outcome o = v.first();
      String id = v.provider().id();
      out.printf(Locale.ROOT, "  %-15s %-8s %s%n", id, label(o.status()), summary(v.provider(), o));
      if (o.status() == Status.OK || o.status() == Status.UNAVAILABLE) {
        continue;
      }
      List<Check> failed = o.failed();
      for (int i = 0; i < Math.min(3, failed.size()); i++) {
        out.println("      " + failed.get(i).name() + ": " + failed.get(i).problem());
      }
      if (failed.size() > 3) {
        out.println("      … and " + (failed.size() - 3) + " more");
      }
      String where = where(failed);
      if (!where.isEmpty()) {
        out.println("      wrong in: " + where);
      }
      if (!o.detail().isEmpty()) {
        out.println("      " + o.detail());
      }
      if ("native".equals(o.versions().get("strided-1x1"))) {
        out.println("      the strided 1×1 workaround is off (system property sparse4j.djl.strided-1x1=native):"
            + " remove that setting");
      }
      boolean fixed = false;
      for (Map.Entry<Remedy, Outcome> t : v.remedies()) {
        Outcome r = t.getValue();
        if (r.status() == Status.OK) {
          out.println("      with " + t.getKey().label() + " every check passes: " + t.getKey().advice());
          fixed = true;
        } else {
          out.println("      with " + t.getKey().label() + ": still " + label(r.status()).toLowerCase(Locale.ROOT)
              + " (" + summary(v.provider(), r) + ")");
        }
      }
      if (!fixed) {
        String others = String.join(", ", verdicts.stream().filter(w -> w.first().status() == Status.OK)
            .map(w -> w.provider().id()).toList());
        out.println("      what to do: train on another backend" + (others.isEmpty() ? "" : " (right here: "
            + others + ")") + ", e.g. --backend <id>, and report this CPU and output to the sparse4j developers");
      }
    }
    List<String> unavailable = providers.stream().filter(p -> !p.available()).map(ProviderInfo::id).toList();
    if (!unavailable.isEmpty()) {
      out.println();
      out.println("Not checked (not available, see sparse4j backends): " + String.join(", ", unavailable));
    }
    out.println();
    if (verdicts.isEmpty()) {
      out.println("No backend to check: install one (see sparse4j backends).");
    } else {
      out.println(allRight ? "Every checked backend gives correct numbers on this CPU."
          : "Some backend gives wrong numbers or fails on this CPU (above).");
    }
  }

  private static String label(Status s) {
    return switch (s) {
      case OK -> "OK";
      case WRONG -> "WRONG";
      case CRASHED -> "CRASHED";
      case HUNG -> "HUNG";
      case UNAVAILABLE -> "UNAVAILABLE";
    };
  }

  private static String summary(ProviderInfo p, Outcome o) {
    String time = String.format(Locale.ROOT, " (%.1f s)", o.seconds());
    return switch (o.status()) {
      case OK -> o.checks().size() + " checks passed" + (p.capabilities().contains(Capability.TRAIN) ? ""
          : " (no training: logits only)") + time;
      case WRONG -> o.failed().size() + " of " + o.checks().size() + " checks fail" + time;
      case CRASHED -> "the check's JVM crashed" + time;
      case HUNG -> "the check hung" + time;
      case UNAVAILABLE -> "could not start: " + o.detail();
    };
  }

  /**
   * Which layers the failed checks point at: tensor names from the golden trajectory's messages (e.g.
   * {@code layer1.0.shortcut.0.weight}) and the shapes of the failed float64 convolution checks.
   */
  static String where(List<Check> failed) {
    Pattern tensor = Pattern.compile("([A-Za-z_]\\w*(?:\\.\\w+)*\\.(?:weight|bias|running_mean|running_var))");
    Set<String> tensors = new LinkedHashSet<>();
    Set<String> convolutions = new LinkedHashSet<>();
    for (Check c : failed) {
      if (c.name().startsWith(BackendSelfCheck.FLOAT64_PREFIX)) {
        convolutions.add(c.name().substring(BackendSelfCheck.FLOAT64_PREFIX.length()).replaceFirst(", batch.*", ""));
        continue;
      }
      Matcher m = tensor.matcher(c.problem());
      while (m.find()) {
        // Every golden message starts with the recorded net: "residual/sgd/dense/step0 …" or "mlp input …".
        tensors.add(m.group(1) + " (golden " + c.problem().split("[ /]", 2)[0] + " net)");
      }
    }
    List<String> parts = new ArrayList<>(tensors);
    if (!convolutions.isEmpty()) {
      parts.add("strided convolutions " + String.join(", ", convolutions));
    }
    return String.join("; ", parts);
  }

  private static ObjectNode toJson(List<Verdict> verdicts, boolean allRight) {
    ObjectNode root = Json.object();
    root.put("cpu", CpuInfo.describe());
    root.put("ok", allRight);
    ArrayNode list = root.putArray("backends");
    for (Verdict v : verdicts) {
      ObjectNode n = list.addObject();
      n.put("id", v.provider().id());
      outcome(n, v.first());
      ArrayNode remedies = n.putArray("remedies");
      for (Map.Entry<Remedy, Outcome> t : v.remedies()) {
        ObjectNode r = remedies.addObject();
        r.put("setting", t.getKey().label());
        r.put("advice", t.getKey().advice());
        outcome(r, t.getValue());
      }
    }
    return root;
  }

  private static void outcome(ObjectNode n, Outcome o) {
    n.put("status", o.status().name());
    n.put("seconds", Math.round(o.seconds() * 10) / 10.0);
    if (!o.detail().isEmpty()) {
      n.put("detail", o.detail());
    }
    ObjectNode versions = n.putObject("versions");
    new LinkedHashMap<>(o.versions()).forEach(versions::put);
    ArrayNode checks = n.putArray("checks");
    for (Check c : o.checks()) {
      ObjectNode cn = checks.addObject();
      cn.put("name", c.name());
      cn.put("passed", c.passed());
      if (!c.passed()) {
        cn.put("problem", c.problem());
      }
    }
  }
}
