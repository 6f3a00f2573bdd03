package dev.sparse4j.runner;

import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.io.CorruptFileException;
import dev.sparse4j.api.KeptMaskSet;
import dev.sparse4j.io.CsrNpz;
import dev.sparse4j.io.NpyArray;
import dev.sparse4j.io.NpyDtype;
import dev.sparse4j.io.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code weights.npz}: every parameter and buffer of a model ({@link SparseModel#state()}) as a float32 array with
 * its PyTorch name and shape, so {@code model.load_state_dict({k: torch.from_numpy(v) for k, v in np.load(f).items()},
 * strict=False)} works next to the equivalent PyTorch model. Pruned weights are stored as they are: exactly 0.0.
 */
public final class Weights {
  private Weights() {}

  /** The model's state as named, shaped float32 arrays in {@code state_dict} order. */
  public static Map<String, NpyArray> arrays(ModelSpec spec, Map<String, float[]> state) {
    Map<String, NpyArray> out = new LinkedHashMap<>();
    for (ParamSpec p : spec.stateTensors()) {
      float[] v = state.get(p.name());
      if (v == null) {
        throw new IllegalStateException("the model's state has no tensor " + p.name());
      }
      out.put(p.name(), NpyArray.ofFloats(p.shape(), v));
    }
    return out;
  }

  /** Writes {@code model}'s state to {@code file} (compressed: pruned weights are zeros), atomically. */
  public static void write(Path file, SparseModel model) throws IOException {
    Npz.writeCompressed(file, arrays(model.spec(), model.state()));
  }

  /**
   * Writes a model held as kept entries: each weight of {@code masks} to {@code csrDir/<name>.npz} in SciPy's CSR
   * layout ({@link CsrNpz}), every other tensor to {@code file} as {@link #write} does; no dense copy of a masked
   * weight is made.
   *
   * @return the CSR files written, relative to {@code csrDir}'s parent, in the model's order
   */
  public static java.util.List<String> writeKept(Path file, Path csrDir, SparseModel model, KeptMaskSet masks)
      throws IOException {
    Map<String, float[]> state = model.keptState();
    Map<String, NpyArray> dense = new LinkedHashMap<>();
    java.util.List<String> written = new java.util.ArrayList<>();
    java.nio.file.Files.createDirectories(csrDir);
    for (ParamSpec p : model.spec().stateTensors()) {
      float[] v = state.get(p.name());
      if (v == null) {
        throw new IllegalStateException("the model's kept state has no tensor " + p.name());
      }
      if (masks.contains(p.name())) {
        String name = p.name() + ".npz";
        CsrNpz.write(csrDir.resolve(name), masks.get(p.name()), v);
        written.add(csrDir.getFileName() + "/" + name);
      } else {
        dense.put(p.name(), NpyArray.ofFloats(p.shape(), v));
      }
    }
    Npz.writeCompressed(file, dense);
    return written;
  }

  /**
   * Reads a weights file for {@code spec}: every state tensor must be there, float32, with the spec's shape.
   *
   * @throws CorruptFileException naming the missing, unexpected or mis-shaped tensor
   */
  public static Map<String, float[]> read(Path file, ModelSpec spec) throws IOException {
    return read(file, spec, java.util.Set.of());
  }

  /**
   * {@link #read} of every state tensor but those in {@code elsewhere} (a kept-entries run's masked weights, which
   * are in {@code weights-csr/}).
   */
  static Map<String, float[]> read(Path file, ModelSpec spec, java.util.Set<String> elsewhere) throws IOException {
    java.util.List<ParamSpec> tensors = spec.stateTensors().stream().filter(p -> !elsewhere.contains(p.name())).toList();
    Map<String, Long> sizes = new java.util.HashMap<>();
    for (ParamSpec p : tensors) {
      sizes.put(p.name(), Npz.HEADER_BYTES + 4L * p.numel());
    }
    // Nothing inflates past what the model's tensors need, and nothing the model lacks is inflated at all.
    Map<String, NpyArray> arrays = Npz.read(file, key -> sizes.getOrDefault(key, -1L));
    Map<String, float[]> out = new LinkedHashMap<>();
    TreeSet<String> missing = new TreeSet<>();
    for (ParamSpec p : tensors) {
      NpyArray a = arrays.get(p.name());
      if (a == null) {
        missing.add(p.name());
        continue;
      }
      if (a.dtype() != NpyDtype.FLOAT32) {
        throw new CorruptFileException(file, -1, "tensor " + p.name() + " has dtype " + a.dtype().descr()
            + " but weights are float32 ('<f4')");
      }
      if (!Arrays.equals(a.shape(), p.shape())) {
        throw new CorruptFileException(file, -1, "tensor " + p.name() + " has shape " + Arrays.toString(a.shape())
            + " but model " + spec.name() + " needs " + Arrays.toString(p.shape()));
      }
      out.put(p.name(), a.floats());
    }
    if (!missing.isEmpty()) {
      throw new CorruptFileException(file, -1, "does not hold the tensors " + missing + " of model " + spec.name()
          + "; was it written for another model?");
    }
    TreeSet<String> extra = new TreeSet<>(arrays.keySet());
    extra.removeAll(out.keySet());
    if (!extra.isEmpty()) {
      throw new CorruptFileException(file, -1, "holds tensors " + extra + " that model " + spec.name()
          + " does not have; was it written for another model?");
    }
    return out;
  }
}
