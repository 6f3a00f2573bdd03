package dev.sparse4j.backend.djl.tensorflow.internal;

import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.AtomicFiles;
import dev.sparse4j.api.spi.ConvWorkaround;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;

/** Writes a TensorFlow SavedModel of a sparse model (see {@code TensorFlowSavedModelExporter}). */
public final class TfExport {
  private TfExport() {}

  /** Freezes {@code state} (masked) into an inference graph and exports it into {@code directory}, atomically. */
  public static void savedModel(ModelSpec spec, Map<String, float[]> state, MaskSet masks, Path directory)
      throws IOException {
    Map<String, float[]> frozen = new LinkedHashMap<>();
    List<String> trainable = new ArrayList<>();
    for (ParamSpec p : spec.stateTensors()) {
      float[] v = state.get(p.name());
      if (v == null || v.length != p.numel()) {
        throw new IllegalArgumentException("tensor '" + p.name() + "' of model " + spec.name() + " is "
            + (v == null ? "missing" : "of size " + v.length + " instead of " + p.numel()));
      }
      v = v.clone();
      if (masks.contains(p.name())) {
        Mask m = masks.get(p.name());
        for (int i = 0; i < v.length; i++) {
          if (!m.isKept(i)) {
            v[i] = 0f;
          }
        }
      }
      frozen.put(p.name(), v);
      if (p.kind() != ParamKind.BUFFER) {
        trainable.add(p.name());
      }
    }
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw new IllegalArgumentException(directory + " is a file; a SavedModel is a directory: choose a new output"
          + " directory for it (it is created)");
    }
    if (Files.exists(directory)) {
      try (Stream<Path> entries = Files.list(directory)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(directory + " exists and is not an empty directory; choose a new "
              + "output directory for the SavedModel");
        }
      }
    }
    Path parent = directory.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    removeStaleTemporaries(parent, directory.getFileName().toString());
    // The temporary directory names its process, so that one left by a killed export is recognised and removed.
    Path tmp = Files.createTempDirectory(parent, "." + directory.getFileName() + ".tmp-"
        + ProcessHandle.current().pid() + "-");
    try (TfGraph g = new TfGraph(spec, trainable, frozen, ConvWorkaround.SUBSAMPLE);
        Session session = new Session(g.graph)) {
      Signature signature = Signature.builder().key(Signature.DEFAULT_KEY).input(TfGraph.IMAGES, g.input)
          .output(TfGraph.LOGITS, g.evalLogits).build();
      Path out = tmp.resolve("model");
      SavedModelBundle.exporter(out.toString()).withSession(session).withSignature(signature).export();
      Files.deleteIfExists(directory);
      Files.move(out, directory, StandardCopyOption.ATOMIC_MOVE);
      TfRuntime.pointDjlAtNatives();
    } finally {
      AtomicFiles.deleteRecursively(tmp);
    }
  }

  /** Removes {@code .<name>.tmp-<pid>-…} directories whose process is gone (an export killed mid-write). */
  private static void removeStaleTemporaries(Path parent, String name) throws IOException {
    String prefix = "." + name + ".tmp-";
    try (Stream<Path> siblings = Files.list(parent)) {
      for (Path p : siblings.toList()) {
        String f = p.getFileName().toString();
        if (!f.startsWith(prefix) || !Files.isDirectory(p)) {
          continue;
        }
        String pid = f.substring(prefix.length()).replaceFirst("-.*", "");
        try {
          if (ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
            continue; // another export of the same directory is running
          }
        } catch (NumberFormatException e) {
          continue; // not one of ours
        }
        AtomicFiles.deleteRecursively(p);
      }
    }
  }
}
