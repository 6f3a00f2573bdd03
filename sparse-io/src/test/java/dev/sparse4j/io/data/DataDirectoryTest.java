package dev.sparse4j.io.data;

import dev.sparse4j.api.data.Dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
  @TempDir Path tmp;

  private static Properties props(String value) {
    Properties p = new Properties();
    if (value != null) {
      p.setProperty(DataDirectory.PROPERTY, value);
    }
    return p;
  }

  @Test
  void explicitBeatsPropertyBeatsEnvironmentBeatsDefault() {
    Path home = tmp.resolve("home");
    Map<String, String> env = Map.of(DataDirectory.ENV, tmp.resolve("env").toString());
    DataDirectory d = DataDirectory.resolve(tmp.resolve("explicit"), props(tmp.resolve("prop").toString()), env, home);
    assertEquals(tmp.resolve("explicit"), d.path());
    assertEquals("explicit path", d.source());

    d = DataDirectory.resolve(null, props(tmp.resolve("prop").toString()), env, home);
    assertEquals(tmp.resolve("prop"), d.path());
    assertEquals("system property sparse4j.data", d.source());

    d = DataDirectory.resolve(null, props(null), env, home);
    assertEquals(tmp.resolve("env"), d.path());
    assertEquals("environment variable SPARSE4J_DATA", d.source());

    d = DataDirectory.resolve(null, props("  "), Map.of(DataDirectory.ENV, ""), home);
    assertEquals(home.resolve(".sparse4j/data"), d.path());
    assertTrue(d.source().startsWith("default"));
  }

  @Test
  void expandsTildeAndMakesPathsAbsolute() {
    Path home = tmp.resolve("home");
    assertEquals(home.resolve("data"), DataDirectory.resolve(null, props("~/data"), Map.of(), home).path());
    assertEquals(home.resolve("d2"),
        DataDirectory.resolve(null, props(null), Map.of(DataDirectory.ENV, "~/d2"), home).path());
    assertTrue(DataDirectory.of(Path.of("rel/dir")).path().isAbsolute());
  }

  @Test
  void subdirectoriesFollowTheLayout() {
    DataDirectory d = DataDirectory.of(tmp);
    assertEquals(tmp.resolve("fashion-mnist"), d.fashionMnist());
    assertEquals(tmp.resolve("mnist-digits"), d.mnistDigits());
    assertEquals(tmp.resolve("cifar-10-batches-bin"), d.cifar10());
    assertEquals(tmp.resolve("cifar-100-binary"), d.cifar100());
  }

  @Test
  void missingDataListsExactlyTheMissingFilesAndTheInstallCommand() throws IOException {
    DataDirectory d = DataDirectory.of(tmp);
    Files.createDirectories(d.fashionMnist());
    Files.write(d.fashionMnist().resolve("train-labels-idx1-ubyte.gz"), new byte[1]);
    MissingDataException e = assertThrows(MissingDataException.class, d::requireFashionMnist);
    assertEquals(3, e.missing().size());
    assertTrue(e.missing().contains(d.fashionMnist().resolve("t10k-images-idx3-ubyte.gz")));
    String msg = e.getMessage();
    assertTrue(msg.startsWith("Fashion-MNIST is not installed: missing 3 files"), msg);
    assertTrue(msg.contains(d.fashionMnist().resolve("train-images-idx3-ubyte.gz").toString()), msg);
    assertTrue(!msg.contains("train-labels-idx1-ubyte.gz"), msg);
    assertTrue(msg.contains("scripts/install-data.sh --data-dir " + tmp), msg);

    e = assertThrows(MissingDataException.class, d::requireMnistDigits);
    assertEquals(10, e.missing().size());
    e = assertThrows(MissingDataException.class, d::check);
    assertEquals(13, e.missing().size());

    e = assertThrows(MissingDataException.class, () -> FashionMnist.load(tmp, Split.TRAIN));
    assertTrue(e.getMessage().contains("scripts/install-data.sh --data-dir " + tmp), e.getMessage());
  }

  @Test
  void fashionMnistLoadsFromTheDataDirectory() throws IOException {
    Path fm = Files.createDirectories(tmp.resolve("fashion-mnist"));
    for (String split : new String[] {"train", "t10k"}) {
      Files.write(fm.resolve(split + "-images-idx3-ubyte.gz"), IdxReaderTest.gzip(IdxReaderTest.images()));
      Files.write(fm.resolve(split + "-labels-idx1-ubyte.gz"), IdxReaderTest.gzip(IdxReaderTest.labels()));
    }
    DataDirectory.of(tmp).requireFashionMnist();
    Dataset d = FashionMnist.load(tmp, Split.TEST);
    assertEquals("fashion-mnist/test", d.name());
    assertEquals(3, d.size());
    assertEquals(10, d.numClasses());
  }
}
