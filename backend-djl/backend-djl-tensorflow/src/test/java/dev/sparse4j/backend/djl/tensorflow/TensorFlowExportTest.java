package dev.sparse4j.backend.djl.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import dev.sparse4j.api.Density;
import dev.sparse4j.api.Mask;
import dev.sparse4j.api.MaskSet;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.spi.BackendOptions;
import dev.sparse4j.api.spi.ModelExporter;
import dev.sparse4j.api.spi.ModelExporters;
import dev.sparse4j.api.spi.OptimizerConfig;
import dev.sparse4j.api.spi.SparseBackend;
import dev.sparse4j.api.spi.SparseModel;
import dev.sparse4j.api.spi.TensorLayouts;
import dev.sparse4j.backend.djl.pytorch.DjlPyTorchProvider;
import dev.sparse4j.models.ModelOptions;
import dev.sparse4j.models.Models;
import dev.sparse4j.prune.PruneContext;
import dev.sparse4j.prune.Pruners;
import dev.sparse4j.prune.alloc.Allocators;
import dev.sparse4j.tck.BackendData;
import dev.sparse4j.tck.BackendParity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;

/**
 * {@code tf-saved-model}: a sparse ResNet-20 trained on djl-pytorch, exported as a SavedModel, loads in DJL's own
 * TensorFlow engine through {@code Criteria} (no sparse4j class involved) and gives djl-pytorch's logits within 1e-4;
 * its pruned weights are exactly 0.0 in the file.
 */
class TensorFlowExportTest {
  @TempDir
  Path tmp;

  @Test
  void aSavedModelLoadsInDjlsTensorFlowEngineWithTheSameLogits() throws Exception {
    ModelSpec spec = Models.create("resnet20", ModelOptions.of(new int[] {1, 28, 28}, 10));
    MaskSet masks = Pruners.get("random").prune(spec, Allocators.get("erk").allocate(spec.prunable(), Density.of(0.1)),
        PruneContext.ofSeed(2));
    float[] x = BackendData.inputs(4 * spec.inputSize(), 3);
    float[] expected;
    Map<String, float[]> state;
    try (SparseBackend pt = new DjlPyTorchProvider().create(BackendOptions.defaults());
        SparseModel m = pt.build(spec, 1)) {
      m.applyMasks(masks);
      m.setOptimizer(OptimizerConfig.paperSgd());
      for (int i = 0; i < 2; i++) {
        m.trainStep(BackendData.inputs(16 * spec.inputSize(), i), BackendData.labels(16, 10, i), 16, 0.05);
      }
      state = BackendParity.withRandomStatistics(spec, m.state(), 17);
      m.loadState(state);
      expected = m.logits(x, 4);
    }
    ModelExporter exporter = ModelExporters.get("tf-saved-model");
    Path dir = tmp.resolve("saved");
    exporter.export(spec, state, masks, dir);
    assertTrue(Files.isRegularFile(dir.resolve("saved_model.pb")), "saved_model.pb");

    System.setProperty("ai.djl.offline", "true");
    Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(dir)
        .optEngine("TensorFlow").build();
    float[] actual;
    try (ZooModel<NDList, NDList> model = criteria.loadModel();
        Predictor<NDList, NDList> predictor = model.newPredictor();
        NDManager manager = NDManager.newBaseManager("TensorFlow")) {
      NDList out = predictor.predict(new NDList(manager.create(x, new Shape(4, 1, 28, 28))));
      actual = out.singletonOrThrow().toFloatArray();
    }
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      if (Math.abs(expected[i] - actual[i]) > 1e-4) {
        fail("logits[" + i + "]: djl-pytorch " + expected[i] + " vs the SavedModel in DJL's TensorFlow engine "
            + actual[i]);
      }
    }

    // The weights in the file: pruned entries are exactly 0.0.
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve")) {
      ParamSpec conv = spec.prunable().get(1);
      try (Result r = bundle.session().runner().fetch("t_" + conv.name()).run()) {
        float[] hwio = new float[conv.numel()];
        r.get(0).asRawTensor().data().asFloats().read(hwio);
        float[] oihw = TensorLayouts.fromChannelsLast(conv, hwio);
        Mask mask = masks.get(conv.name());
        for (int i = 0; i < oihw.length; i++) {
          if (!mask.isKept(i)) {
            assertEquals(0.0f, oihw[i], 0.0f, conv.name() + "[" + i + "] is pruned");
          }
        }
      }
    }
  }

  @Test
  void aNonEmptyDirectoryIsRefusedAndNothingIsWritten() throws Exception {
    ModelSpec spec = Models.create("mlp", ModelOptions.of(new int[] {1, 28, 28}, 10));
    Map<String, float[]> state;
    try (SparseBackend tf = new DjlTensorFlowProvider().create(BackendOptions.defaults());
        SparseModel m = tf.build(spec, 1)) {
      state = m.state();
    }
    Path dir = Files.createDirectories(tmp.resolve("busy"));
    Files.writeString(dir.resolve("keep.txt"), "mine");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelExporters.get("tf-saved-model").export(spec, state, MaskSet.empty(), dir));
    assertTrue(e.getMessage().contains("not an empty directory"), e.getMessage());
    assertEquals("mine", Files.readString(dir.resolve("keep.txt")));
    Map<String, float[]> missing = new LinkedHashMap<>(state);
    missing.remove("fc1.weight");
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ModelExporters.get("tf-saved-model").export(spec, missing, MaskSet.empty(), tmp.resolve("new")))
        .getMessage().contains("fc1.weight"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelExporters.get("onnx")).getMessage()
        .contains("tf-saved-model"));
  }

  /** A killed export's temporary directory is removed by the next export; a running one's is left alone. */
  @Test
  void aKilledExportsTemporaryDirectoryIsCleanedUp() throws Exception {
    ModelSpec spec = Models.create("mlp", ModelOptions.of(new int[] {1, 8, 8}, 10));
    Map<String, float[]> state;
    try (SparseBackend tf = new DjlTensorFlowProvider().create(BackendOptions.defaults());
        SparseModel m = tf.build(spec, 1)) {
      state = m.state();
    }
    Path stale = Files.createDirectories(tmp.resolve(".saved.tmp-999999999-123/model"));
    Path running = Files.createDirectories(tmp.resolve(".saved.tmp-" + ProcessHandle.current().pid() + "-9"));
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ModelExporters.get("tf-saved-model").export(spec, state, MaskSet.empty(), file)).getMessage()
        .contains("is a file; a SavedModel is a directory"));
    ModelExporters.get("tf-saved-model").export(spec, state, MaskSet.empty(), tmp.resolve("saved"));
    assertTrue(Files.isDirectory(tmp.resolve("saved")));
    assertTrue(!Files.exists(stale.getParent()), "the dead export's directory is removed");
    assertTrue(Files.isDirectory(running), "a live process's directory is left alone");
  }
}
