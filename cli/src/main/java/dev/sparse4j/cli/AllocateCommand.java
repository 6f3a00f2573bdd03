package dev.sparse4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparse4j.api.Density;
import dev.sparse4j.api.DensityPlan;
import dev.sparse4j.api.LayerDensity;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.cli.internal.Table;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import dev.sparse4j.prune.DensityAllocator;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.report.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparse4j allocate}: how an allocator spreads a target density over a model's prunable layers. */
@Command(
    name = "allocate",
    description = {
        "Show the per-layer densities an allocator chooses for a model at a target density.",
        "Needs no backend: the model is only described, never built."},
    footer = {
        "%nExamples:",
        "  sparse4j allocate --model resnet20 --allocator erk --sparsity 0.9",
        "  sparse4j allocate --model resnet32 --width 2 --classes 100 --density 0.05 --json",
        "  sparse4j allocate --model mlp --input 1x28x28 --allocator erk --sparsity 0.98",
        "  sparse4j allocate --model vgg16 --allocator erk-plus --option fc-density=0.5 --sparsity 0.95"})
final class AllocateCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "NAME",
      description = "Model, e.g. resnet20, resnet56, vgg16, wrn-28-10, mlp (list: sparse4j models).")
  private String model;

  @Option(names = "--width", defaultValue = "1", paramLabel = "W",
      description = "Width multiplier for channels / hidden units (default: ${DEFAULT-VALUE}).")
  private double width;

  @Option(names = "--input", defaultValue = "3x32x32", paramLabel = "CxHxW",
      description = "Per-example input shape (default: ${DEFAULT-VALUE}; Fashion-MNIST: 1x28x28).")
  private String input;

  @Option(names = "--classes", defaultValue = "10", paramLabel = "K",
      description = "Number of classes (default: ${DEFAULT-VALUE}).")
  private int classes;

  @Option(names = "--allocator", defaultValue = "erk", paramLabel = "NAME",
      description = "Density allocator, e.g. erk, er, uniform, uniform-plus, erk-plus (list: sparse4j allocators;"
          + " default: ${DEFAULT-VALUE}).")
  private String allocator;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Target target;

  @Option(names = "--option", paramLabel = "KEY=VALUE",
      description = "Allocator option, repeatable (e.g. power-scale=0.5 for erk, fc-density=0.5 for erk-plus; list: sparse4j allocators).")
  private Map<String, String> options = new LinkedHashMap<>();

  @Option(names = "--json", description = "Print JSON instead of a table.")
  private boolean json;

  /** Exactly one of sparsity or density. */
  static final class Target {
    @Option(names = "--sparsity", required = true, paramLabel = "S",
        description = "Target fraction of prunable weights removed, in [0, 1) (0.9 keeps 10%%).")
    Double sparsity;

    @Option(names = "--density", required = true, paramLabel = "D",
        description = "Target fraction of prunable weights kept, in (0, 1].")
    Double density;

    Density density() {
      return sparsity != null ? Density.ofSparsity(sparsity) : Density.of(density);
    }
  }

  @Override
  public Integer call() {
    Density d = target.density();
    ModelSpec modelSpec = Models.create(model,
        ModelOptions.of(Models.parseShape(input), classes).withWidth(width));
    DensityAllocator alloc = Allocators.get(allocator, options);
    List<ParamSpec> prunable = modelSpec.prunable();
    DensityPlan plan;
    try {
      plan = alloc.allocate(prunable, d);
    } catch (IllegalStateException needsTheModel) {
      throw new IllegalArgumentException("allocator '" + alloc.name() + "' plans by scoring a built model ("
          + alloc.description() + "), and 'sparse4j allocate' plans from the layer shapes alone; train with it "
          + "(sparse4j train --allocator " + alloc.name() + " …: the plan is in the run's report.json), or pick an "
          + "allocator that needs no model (sparse4j allocators lists them)", needsTheModel);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, toJson(modelSpec, plan));
    } else {
      out.print(toText(modelSpec, plan));
      out.flush();
    }
    return 0;
  }

  private String toText(ModelSpec m, DensityPlan plan) {
    Table t = new Table("layer", "shape", "params", "target density", "kept", "density").alignRight(2, 3, 4, 5);
    for (LayerDensity l : plan.layers()) {
      t.row(l.name(), l.param().shapeString(), l.param().numel(), Format.fraction(l.density()), l.keptCount(),
          Format.fraction(l.achievedDensity()));
    }
    t.separator();
    t.row("total (" + plan.layers().size() + " layers)", "", plan.totalParams(), Format.fraction(plan.targetDensity()),
        plan.totalKept(), Format.fraction(plan.achievedDensity()));
    StringBuilder sb = new StringBuilder();
    sb.append("model: ").append(m.name()).append(" (width ").append(width).append(", input ").append(input)
        .append(", ").append(classes).append(" classes, ").append(m.parameterCount()).append(" parameters)\n");
    sb.append("allocator: ").append(plan.allocator());
    if (!plan.allocatorConfig().isEmpty()) {
      sb.append(" (").append(Format.map(plan.allocatorConfig())).append(')');
    }
    sb.append(", target density ").append(Format.fraction(plan.targetDensity()))
        .append(" (sparsity ").append(Format.fraction(plan.targetSparsity())).append(")\n\n");
    sb.append(t.render()).append('\n');
    sb.append("ERK epsilon: ")
        .append(plan.erkEpsilon().isPresent() ? String.format(java.util.Locale.ROOT, "%.6f", plan.erkEpsilon().getAsDouble()) : "-")
        .append('\n');
    sb.append("dense layers: ").append(plan.denseLayers().isEmpty() ? "none" : String.join(", ", plan.denseLayers()))
        .append('\n');
    // Six decimals: at four, a limit such as 0.99995 would print as 1.0000.
    sb.append("max feasible sparsity: ")
        .append(String.format(java.util.Locale.ROOT, "%.6f", plan.maxFeasibleSparsity())).append('\n');
    return sb.toString();
  }

  private ObjectNode toJson(ModelSpec m, DensityPlan plan) {
    ObjectNode root = Json.object();
    root.put("model", m.name());
    root.put("width", width);
    ArrayNode inputShape = root.putArray("input");
    for (int dim : m.inputShape()) {
      inputShape.add(dim);
    }
    root.put("classes", classes);
    root.put("allocator", plan.allocator());
    ObjectNode cfg = root.putObject("allocatorConfig");
    plan.allocatorConfig().forEach(cfg::put);
    root.put("targetDensity", plan.targetDensity());
    root.put("totalDensity", plan.achievedDensity());
    root.put("totalParams", plan.totalParams());
    root.put("totalKept", plan.totalKept());
    if (plan.erkEpsilon().isPresent()) {
      root.put("erkEpsilon", plan.erkEpsilon().getAsDouble());
    } else {
      root.putNull("erkEpsilon");
    }
    ArrayNode dense = root.putArray("denseLayers");
    plan.denseLayers().forEach(dense::add);
    root.put("maxFeasibleSparsity", plan.maxFeasibleSparsity());
    ArrayNode layers = root.putArray("layers");
    for (LayerDensity l : plan.layers()) {
      ObjectNode n = layers.addObject();
      n.put("name", l.name());
      ArrayNode shape = n.putArray("shape");
      for (int dim : l.param().shape()) {
        shape.add(dim);
      }
      n.put("params", l.param().numel());
      n.put("targetDensity", l.density());
      n.put("kept", l.keptCount());
      n.put("density", l.achievedDensity());
    }
    return root;
  }
}
