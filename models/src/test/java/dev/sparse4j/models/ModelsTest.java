package dev.sparse4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparse4j.api.ParamKind;
import dev.sparse4j.api.ParamSpec;
import dev.sparse4j.api.model.Dropout;
import dev.sparse4j.api.model.Layer;
import dev.sparse4j.api.model.ModelSpec;
import dev.sparse4j.api.model.Normalize;
import dev.sparse4j.api.model.Residual;
import dev.sparse4j.api.model.Sequential;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelsTest {

  private static final int[] CIFAR = {3, 32, 32};
  private static final int[] MNIST = {1, 28, 28};

  /**
   * Reference counts from src/test/python/param_counts.py, an independent re-statement of the PyTorch reference
   * modules (not of this code). Cross-checks with published figures: ResNet-20 ≈ 0.27M, ResNet-56 ≈ 0.85M,
   * ResNet-110 ≈ 1.7M (He et al. 2016, Table 6); kuangliu VGG16 = 14,728,266 and VGG19 = 20,040,522 parameters;
   * WRN-28-10 = 36,479,194 (≈ 36.5M, Zagoruyko and Komodakis 2016); LeNet-300-100 = 266,610.
   *
   * <p>ResNet-20 by hand (3x32x32, 10 classes): conv1 3·16·9 = 432; layer1 6 convs of 16·16·9 = 13,824; layer2
   * 16·32·9 + 5·32·32·9 + shortcut 16·32 = 4,608 + 46,080 + 512 = 51,200; layer3 32·64·9 + 5·64·64·9 + 32·64 =
   * 18,432 + 184,320 + 2,048 = 204,800; fc 64·10 = 640; total 270,896 prunable. Plus 21 BNs (1·16 + 6·16 + 7·32 +
   * 7·64 channels = 784 channels, ×2 = 1,568) and fc bias 10: 272,474 trainable.
   */
  @ParameterizedTest(name = "{0} {1}/{2} width {3}")
  @CsvSource({
    "resnet20, 3x32x32, 10, 1, 270896, 272474",
    "resnet32, 3x32x32, 10, 1, 464432, 466906",
    "resnet44, 3x32x32, 10, 1, 657968, 661338",
    "resnet56, 3x32x32, 10, 1, 851504, 855770",
    "resnet110, 3x32x32, 10, 1, 1722416, 1730714",
    "resnet20, 3x32x32, 10, 2, 1081440, 1084586",
    "resnet20, 1x28x28, 10, 1, 270608, 272186",
    "resnet56, 3x32x32, 100, 1, 857264, 861620",
    "vgg16, 3x32x32, 10, 1, 14715584, 14728266",
    "vgg19, 3x32x32, 10, 1, 20024000, 20040522",
    "vgg16, 3x32x32, 100, 1, 14761664, 14774436",
    "vgg16, 1x28x28, 10, 1, 14714432, 14727114",
    "wrn-28-10, 3x32x32, 10, 1, 36461232, 36479194",
    "wrn-16-4, 3x32x32, 10, 1, 2745264, 2748890",
    "wrn-16-8, 3x32x32, 10, 1, 10954160, 10961370",
    "wrn-28-10, 3x32x32, 100, 1, 36518832, 36536884",
    "wrn-16-1, 1x28x28, 10, 1, 173840, 174778",
    "mlp, 1x28x28, 10, 1, 266200, 266610",
    "mlp-3x512, 1x28x28, 10, 1, 930816, 932362",
    "mlp, 3x32x32, 10, 2, 1965200, 1966010",
  })
  void parameterCountsMatchReference(String name, String shape, int classes, double width, long prunable,
      long trainable) {
    ModelSpec spec = Models.create(name, ModelOptions.of(Models.parseShape(shape), classes).withWidth(width));
    assertEquals(prunable, spec.prunableCount(), "prunable weights");
    assertEquals(trainable, spec.parameterCount(), "trainable parameters");
    assertEquals(name, spec.name());
    assertArrayEquals(Models.parseShape(shape), spec.inputShape());
    assertEquals(classes, spec.numClasses());
  }

  @Test
  void resnet20ParameterNamesFollowPyTorch() {
    ModelSpec spec = Models.create("resnet20", ModelOptions.of(CIFAR, 10));
    List<String> names = names(spec.parameters());
    assertEquals(List.of("conv1.weight", "bn1.weight", "bn1.bias", "layer1.0.conv1.weight", "layer1.0.bn1.weight",
        "layer1.0.bn1.bias", "layer1.0.conv2.weight", "layer1.0.bn2.weight"), names.subList(0, 8));
    assertEquals(List.of("layer3.2.bn2.weight", "layer3.2.bn2.bias", "fc.weight", "fc.bias"),
        names.subList(names.size() - 4, names.size()));
    assertEquals(65, names.size());
    assertEquals(List.of("layer2.0.shortcut.0.weight", "layer2.0.shortcut.1.weight", "layer2.0.shortcut.1.bias",
        "layer3.0.shortcut.0.weight", "layer3.0.shortcut.1.weight", "layer3.0.shortcut.1.bias"),
        names.stream().filter(n -> n.contains("shortcut")).toList());
    // Shortcut conv sits after the block body, as in the module definition order.
    assertEquals(names.indexOf("layer2.0.bn2.bias") + 1, names.indexOf("layer2.0.shortcut.0.weight"));

    Map<String, ParamSpec> byName = byName(spec.parameters());
    assertArrayEquals(new int[] {16, 3, 3, 3}, byName.get("conv1.weight").shape());
    assertArrayEquals(new int[] {32, 16, 1, 1}, byName.get("layer2.0.shortcut.0.weight").shape());
    assertArrayEquals(new int[] {32, 16, 3, 3}, byName.get("layer2.0.conv1.weight").shape());
    assertArrayEquals(new int[] {10, 64}, byName.get("fc.weight").shape());
    assertEquals(ParamKind.WEIGHT, byName.get("conv1.weight").kind());
    assertEquals(ParamKind.NORM, byName.get("bn1.weight").kind());
    assertEquals(ParamKind.BIAS, byName.get("fc.bias").kind());
    // 19 convs + fc are prunable: conv1, 18 block convs, 2 shortcut convs = 21 convs, plus fc.
    assertEquals(22, spec.prunable().size());
    assertTrue(spec.prunable().stream().noneMatch(p -> p.name().contains("bn")));
  }

  @Test
  void resnet20BuffersAreRunningStatistics() {
    ModelSpec spec = Models.create("resnet20", ModelOptions.of(CIFAR, 10));
    List<String> buffers = names(spec.buffers());
    assertEquals(List.of("bn1.running_mean", "bn1.running_var", "layer1.0.bn1.running_mean",
        "layer1.0.bn1.running_var"), buffers.subList(0, 4));
    assertEquals(42, buffers.size()); // 21 batch norms
    assertTrue(buffers.contains("layer3.0.shortcut.1.running_var"));
    assertEquals(List.of("bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var"),
        names(spec.stateTensors()).subList(1, 5));
  }

  @Test
  void resnetBlocksAreWiredAsPostActivationBasicBlocks() {
    ModelSpec spec = Models.create("resnet20", ModelOptions.of(CIFAR, 10));
    Map<String, Layer> layers = layers(spec);
    Residual identity = assertInstanceOf(Residual.class, layers.get("layer1.0"));
    assertTrue(identity.shortcut().isEmpty());
    assertTrue(identity.pre().isEmpty());
    assertEquals(5, identity.body().size());
    assertEquals(1, identity.post().size());
    Residual projection = assertInstanceOf(Residual.class, layers.get("layer3.0"));
    assertFalse(projection.shortcutTakesPre());
    Sequential shortcut = assertInstanceOf(Sequential.class, projection.shortcut().get(0));
    assertEquals("shortcut", shortcut.name());
    assertTrue(layers.get("layer3.0.shortcut.0") instanceof dev.sparse4j.api.model.Conv2d c && c.stride() == 2);
    assertEquals("3", spec.config().get("blocksPerStage"));
    assertEquals("16,32,64", spec.config().get("channels"));
  }

  @Test
  void widthTwoDoublesChannels() {
    ModelSpec one = Models.create("resnet32", ModelOptions.of(CIFAR, 10));
    ModelSpec two = Models.create("resnet32", ModelOptions.of(CIFAR, 10).withWidth(2));
    assertEquals(names(one.parameters()), names(two.parameters()));
    Map<String, ParamSpec> p = byName(two.parameters());
    assertArrayEquals(new int[] {32, 3, 3, 3}, p.get("conv1.weight").shape());
    assertArrayEquals(new int[] {128, 64, 1, 1}, p.get("layer3.0.shortcut.0.weight").shape());
    assertArrayEquals(new int[] {10, 128}, p.get("fc.weight").shape());
    assertEquals("2.0", two.config().get("width"));
    ModelSpec vgg = Models.create("vgg16", ModelOptions.of(CIFAR, 10).withWidth(0.5));
    assertArrayEquals(new int[] {32, 3, 3, 3}, byName(vgg.parameters()).get("features.0.weight").shape());
    assertArrayEquals(new int[] {10, 256}, byName(vgg.parameters()).get("classifier.weight").shape());
    ModelSpec wrn = Models.create("wrn-16-2", ModelOptions.of(CIFAR, 10).withWidth(2));
    assertArrayEquals(new int[] {256, 128, 1, 1}, byName(wrn.parameters()).get("block3.layer.0.convShortcut.weight")
        .shape());
  }

  @Test
  void vggNamesCountEveryModuleOfTheSequential() {
    ModelSpec spec = Models.create("vgg16", ModelOptions.of(CIFAR, 10));
    assertEquals(List.of("features.0.weight", "features.3.weight", "features.7.weight", "features.10.weight",
        "features.14.weight", "features.17.weight", "features.20.weight", "features.24.weight", "features.27.weight",
        "features.30.weight", "features.34.weight", "features.37.weight", "features.40.weight", "classifier.weight"),
        names(spec.prunable()));
    assertEquals(List.of("features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias"),
        names(spec.parameters()).subList(0, 4));
    assertTrue(names(spec.buffers()).contains("features.41.running_mean"));
    assertFalse(spec.config().containsKey("skippedPools"));
    assertEquals("features.49.weight", names(Models.create("vgg19", ModelOptions.of(CIFAR, 10)).prunable()).get(15));
  }

  @Test
  void vggSkipsPoolsTooSmallForTheInputButKeepsNames() {
    ModelSpec mnist = Models.create("vgg16", ModelOptions.of(MNIST, 10));
    // 28 -> 14 -> 7 -> 3 -> 1: the fifth pool (index 43) would give 0x0.
    assertEquals("features.43", mnist.config().get("skippedPools"));
    ModelSpec cifar = Models.create("vgg16", ModelOptions.of(CIFAR, 10));
    assertEquals(names(cifar.stateTensors()), names(mnist.stateTensors()));
    ModelSpec tiny = Models.create("vgg19", ModelOptions.of(new int[] {3, 4, 4}, 10));
    // VGG19 pools sit at 6, 13, 26, 39, 52; 4 -> 2 -> 1, then the last three are skipped.
    assertEquals("features.26,features.39,features.52", tiny.config().get("skippedPools"));
    assertEquals(names(Models.create("vgg19", ModelOptions.of(CIFAR, 10)).parameters()), names(tiny.parameters()));
  }

  @Test
  void wrnUsesPreActivationBlocksWithXternalzNames() {
    ModelSpec spec = Models.create("wrn-16-4", ModelOptions.of(CIFAR, 10));
    List<String> names = names(spec.parameters());
    assertEquals(List.of("block2.layer.0.bn1.weight", "block2.layer.0.bn1.bias", "block2.layer.0.conv1.weight",
        "block2.layer.0.bn2.weight", "block2.layer.0.bn2.bias", "block2.layer.0.conv2.weight",
        "block2.layer.0.convShortcut.weight"), names.stream().filter(n -> n.startsWith("block2.layer.0.")).toList());
    assertEquals("conv1.weight", names.get(0));
    assertEquals(List.of("bn1.weight", "bn1.bias", "fc.weight", "fc.bias"), names.subList(names.size() - 4,
        names.size()));
    Map<String, Layer> layers = layers(spec);
    Residual projecting = assertInstanceOf(Residual.class, layers.get("block1.layer.0")); // 16 -> 64 channels
    assertTrue(projecting.shortcutTakesPre());
    assertEquals(2, projecting.pre().size());
    Residual identity = assertInstanceOf(Residual.class, layers.get("block1.layer.1"));
    assertFalse(identity.shortcutTakesPre());
    assertTrue(identity.shortcut().isEmpty());
    assertEquals("16,64,128,256", spec.config().get("channels"));
    // k = 1: the first block keeps 16 channels at stride 1, so it is an identity block with no convShortcut.
    ModelSpec thin = Models.create("wrn-10-1", ModelOptions.of(CIFAR, 10));
    assertFalse(names(thin.parameters()).contains("block1.layer.0.convShortcut.weight"));
    assertTrue(names(thin.parameters()).contains("block2.layer.0.convShortcut.weight"));
  }

  @Test
  void wrnDropoutSuffixAddsDropoutWithoutParameters() {
    ModelSpec plain = Models.create("wrn-16-4", ModelOptions.of(CIFAR, 10));
    ModelSpec dropped = Models.create("wrn-16-4-d0.3", ModelOptions.of(CIFAR, 10));
    assertEquals(plain.parameters(), dropped.parameters());
    Residual block = assertInstanceOf(Residual.class, layers(dropped).get("block3.layer.1"));
    assertEquals(0.3, assertInstanceOf(Dropout.class, block.body().get(3)).p());
    assertEquals("0.3", dropped.config().get("dropout"));
  }

  @Test
  void mlpNames() {
    assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"),
        names(Models.create("mlp", ModelOptions.of(MNIST, 10)).parameters()));
    ModelSpec deep = Models.create("MLP-3x512", ModelOptions.of(new int[] {784}, 10));
    assertEquals("mlp-3x512", deep.name());
    assertEquals(List.of("fc1.weight", "fc2.weight", "fc3.weight", "fc4.weight"), names(deep.prunable()));
    assertArrayEquals(new int[] {512, 784}, deep.prunable().get(0).shape());
    assertEquals("512,512,512", deep.config().get("hidden"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"mlp", "mlp-2x64", "resnet20", "resnet32", "resnet44", "resnet56", "resnet110", "resnet8",
      "vgg16", "vgg19", "wrn-16-4", "wrn-28-10", "wrn-10-1", "wrn-16-4-d0.3"})
  void everyModelAcceptsMnistAndCifarShapesAndAnyClassCount(String name) {
    for (int[] shape : List.of(MNIST, CIFAR, new int[] {3, 7, 5})) {
      for (int classes : new int[] {1, 10, 100}) {
        ModelSpec spec = Models.create(name, ModelOptions.of(shape, classes));
        assertEquals(classes, spec.numClasses());
        ParamSpec last = spec.parameters().get(spec.parameters().size() - 1);
        assertArrayEquals(new int[] {classes}, last.shape(), name + " classifier bias");
      }
    }
  }

  @Test
  void concreteNamesInTheListAllBuild() {
    for (String name : Models.names()) {
      if (!name.contains("<")) {
        assertEquals(name, Models.create(name, ModelOptions.of(CIFAR, 10)).name());
      }
    }
  }

  @Test
  void normalizationAddsAParameterFreeFirstLayer() {
    double[] mean = {0.4914, 0.4822, 0.4465};
    double[] std = {0.2470, 0.2435, 0.2616};
    ModelOptions options = ModelOptions.of(CIFAR, 10).withNormalization(mean, std);
    ModelSpec spec = Models.create("resnet20", options);
    Normalize first = assertInstanceOf(Normalize.class, spec.root().layers().get(0));
    assertEquals("normalize", first.name());
    assertArrayEquals(mean, first.mean());
    assertArrayEquals(std, first.std());
    assertEquals(names(Models.create("resnet20", ModelOptions.of(CIFAR, 10)).stateTensors()),
        names(spec.stateTensors()));
    assertTrue(spec.config().containsKey("normMean"));
    assertFalse(Models.create("resnet20", ModelOptions.of(CIFAR, 10)).root().layers().get(0) instanceof Normalize);
    assertFalse(options.withNormalization(null, null).normalized());
  }

  @Test
  void optionsAreImmutableValues() {
    int[] shape = {1, 28, 28};
    double[] mean = {0.5};
    ModelOptions a = ModelOptions.of(shape, 10).withNormalization(mean, new double[] {0.25});
    shape[0] = 3;
    mean[0] = 9;
    assertArrayEquals(new int[] {1, 28, 28}, a.inputShape());
    assertArrayEquals(new double[] {0.5}, a.normMean());
    a.inputShape()[0] = 7;
    assertEquals(1, a.inputShape()[0]);
    ModelOptions b = ModelOptions.of(new int[] {1, 28, 28}, 10).withNormalization(new double[] {0.5},
        new double[] {0.25});
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, b.withWidth(2));
    assertEquals(1.0, ModelOptions.of(shape, 10).width());
    assertTrue(a.toString().contains("1x28x28"));
  }

  @Test
  void parseShape() {
    assertArrayEquals(new int[] {1, 28, 28}, Models.parseShape("1x28x28"));
    assertArrayEquals(new int[] {3, 32, 32}, Models.parseShape(" 3 X 32 × 32 "));
    assertArrayEquals(new int[] {784}, Models.parseShape("784"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "1x28x", "x28x28", "1x-3x28", "axb", "1,28,28", "0x28x28", "1x28x99999999999",
      "1.5x28x28"})
  void badShapesAreRejectedWithAnExample(String s) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.parseShape(s));
    assertTrue(e.getMessage().contains("1x28x28"), e.getMessage());
  }

  @Test
  void nullShapeIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Models.parseShape(null));
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Models.create("resnet18x", ModelOptions.of(CIFAR, 10)));
    assertTrue(e.getMessage().contains("unknown model 'resnet18x'"), e.getMessage());
    assertTrue(e.getMessage().contains("resnet20") && e.getMessage().contains("wrn-<6n+4>-<k>")
        && e.getMessage().contains("vgg16") && e.getMessage().contains("mlp-<depth>x<hidden>"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "resnet18 | depth must be 6n+2",
    "resnet2 | depth must be 6n+2",
    "vgg11 | VGG depth must be 16 or 19",
    "wrn-18-2 | depth must be 6n+4",
    "wrn-16-0 | widening factor k must be ≥ 1",
    "mlp-0x100 | depth ≥ 1",
    "mlp-2x0 | hidden ≥ 1",
  })
  void impossibleArchitecturesAreExplained(String name, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Models.create(name, ModelOptions.of(CIFAR, 10)));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void badOptionsAreExplained() {
    assertMessage("width multiplier must be a finite number > 0", () -> ModelOptions.of(CIFAR, 10).withWidth(0));
    assertMessage("width multiplier must be a finite number > 0", () -> ModelOptions.of(CIFAR, 10).withWidth(-1));
    assertMessage("width multiplier", () -> ModelOptions.of(CIFAR, 10).withWidth(Double.NaN));
    assertMessage("width multiplier", () -> ModelOptions.of(CIFAR, 10).withWidth(Double.POSITIVE_INFINITY));
    assertMessage("numClasses must be at least 1", () -> ModelOptions.of(CIFAR, 0));
    assertMessage("input shape must be [C, H, W]", () -> ModelOptions.of(new int[] {28, 28}, 10));
    assertMessage("must be positive", () -> ModelOptions.of(new int[] {1, 0, 28}, 10));
    assertMessage("3 channel(s) but got 1 mean(s)",
        () -> ModelOptions.of(CIFAR, 10).withNormalization(new double[] {0.5}, new double[] {0.5}));
    assertMessage("1 channel(s) but got 1 mean(s) and 3 std(s)",
        () -> ModelOptions.of(MNIST, 10).withNormalization(new double[] {0.5}, new double[] {1, 1, 1}));
    assertMessage("got only the mean", () -> ModelOptions.of(MNIST, 10).withNormalization(new double[] {0.5}, null));
    assertMessage("std must be finite and positive",
        () -> ModelOptions.of(MNIST, 10).withNormalization(new double[] {0.5}, new double[] {0}));
    assertMessage("0 channels/units",
        () -> Models.create("resnet20", ModelOptions.of(CIFAR, 10).withWidth(0.01)));
    assertMessage("needs a [C, H, W] input",
        () -> Models.create("resnet20", ModelOptions.of(new int[] {784}, 10)));
    assertThrows(NullPointerException.class, () -> Models.create(null, ModelOptions.of(CIFAR, 10)));
    assertThrows(NullPointerException.class, () -> Models.create("mlp", null));
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
  }

  private static List<String> names(List<ParamSpec> specs) {
    return specs.stream().map(ParamSpec::name).toList();
  }

  private static Map<String, ParamSpec> byName(List<ParamSpec> specs) {
    Map<String, ParamSpec> out = new HashMap<>();
    specs.forEach(p -> out.put(p.name(), p));
    return out;
  }

  private static Map<String, Layer> layers(ModelSpec spec) {
    Map<String, Layer> out = new HashMap<>();
    spec.walk((path, layer) -> out.putIfAbsent(path, layer));
    return out;
  }
}
