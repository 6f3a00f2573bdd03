package dev.sparse4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules the compiler cannot check: the engine-neutral modules import no engine, and every module registers its
 * services the same way for module-path users ({@code provides} in {@code module-info.java}) and class-path users
 * ({@code META-INF/services}).
 */
class ArchitectureTest {

  /** Engine packages the neutral modules must never import (docs/architecture.md). */
  static final List<String> FORBIDDEN = List.of("ai.djl", "org.nd4j", "org.tensorflow");

  private static final Pattern IMPORT = Pattern.compile(
      "^\\s*(?:import\\s+(?:static\\s+)?|requires\\s+(?:transitive\\s+|static\\s+)*)([A-Za-z_][\\w.]*)", Pattern.MULTILINE);

  private static final Pattern PROVIDES = Pattern.compile(
      "\\bprovides\\s+([\\w.]+)\\s+with\\s+([\\w.\\s,]+?)\\s*;");

  private static final Pattern MODULE_IMPORT = Pattern.compile("^\\s*import\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

  @Test
  void neutralModulesImportNoEngine() {
    Path module = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    List<Path> roots = new ArrayList<>();
    roots.add(module.resolve("src/main/java"));
    for (String sibling : List.of("sparse-prune", "sparse-io", "sparse-train", "models", "metrics", "runner")) {
      Path p = module.resolveSibling(sibling).resolve("src/main/java");
      if (Files.isDirectory(p)) {
        roots.add(p);
      }
    }
    assertTrue(Files.isDirectory(roots.get(0)), "run from the sparse-api module directory, got " + module);
    List<String> violations = new ArrayList<>();
    for (Path root : roots) {
      violations.addAll(engineImports(root));
    }
    assertTrue(violations.isEmpty(),
        "engine-neutral modules must not import " + FORBIDDEN + " (docs/architecture.md); found:\n  "
            + String.join("\n  ", violations));
  }

  @Test
  void engineImportScannerCatchesViolations(@TempDir Path dir) throws IOException {
    Path pkg = Files.createDirectories(dir.resolve("x"));
    Files.writeString(pkg.resolve("Bad.java"), "package x;\n" + "import " + "ai.djl.ndarray.NDArray;\nclass Bad {}\n");
    Files.writeString(pkg.resolve("Static.java"), "package x;\n  import static org.nd4j.linalg.factory.Nd4j.zeros;\n");
    Files.writeString(pkg.resolve("module-info.java"), "module x {\n  requires transitive org.tensorflow.core.api;\n}\n");
    Files.writeString(pkg.resolve("Fine.java"),
        "package x;\n/** Mentions ai.djl.offline in a comment only. */\nimport java.util.List;\nclass Fine {}\n");
    List<String> v = engineImports(dir);
    assertEquals(3, v.size(), v.toString());
    assertTrue(v.stream().anyMatch(s -> s.contains("Bad.java:2") && s.contains("ai.djl.ndarray.NDArray")), v.toString());
    assertTrue(v.stream().anyMatch(s -> s.contains("org.tensorflow.core.api")), v.toString());
  }

  @Test
  void providesAgreesWithMetaInfServicesInEveryModule() throws IOException {
    Path root = repoRoot();
    List<String> mismatches = new ArrayList<>();
    int checked = 0;
    // Every module of the reactor, nested ones (backend-djl/backend-djl-pytorch) included; not the it/ projects.
    try (Stream<Path> poms = Files.walk(root, 3)) {
      for (Path module : poms.filter(p -> p.getFileName().toString().equals("pom.xml"))
          .map(Path::getParent)
          .filter(p -> !root.relativize(p).toString().startsWith("it"))
          .filter(p -> !p.toString().contains("/target/"))
          .sorted().toList()) {
        Path info = module.resolve("src/main/java/module-info.java");
        if (!Files.isRegularFile(info)) {
          continue; // an aggregator, or an automatic module (backend-nd4j): class-path registration only
        }
        checked++;
        mismatches.addAll(compare(root.relativize(module).toString(), Files.readString(info, StandardCharsets.UTF_8),
            module.resolve("src/main/resources/META-INF/services")));
      }
    }
    assertTrue(checked >= 12, "found only " + checked + " modules with a module-info under " + root);
    assertTrue(checked > 0, "no module-info.java found under " + root);
    assertTrue(mismatches.isEmpty(),
        "module-info 'provides' and META-INF/services must list the same classes:\n  " + String.join("\n  ", mismatches));
  }

  @Test
  void everyServicesFileNamesATypeOfTheProject() throws IOException {
    // A type moved to another package leaves its services files behind under the old name: ServiceLoader then
    // finds nothing, silently (it happened when the sweep SPI moved).
    Path root = repoRoot();
    Set<String> declared = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.map(Path::toString).filter(p -> p.contains("/src/main/java/") && p.endsWith(".java"))
          .forEach(p -> declared.add(p.substring(p.indexOf("/src/main/java/") + 15, p.length() - 5).replace('/', '.')));
    }
    List<String> stale = new ArrayList<>();
    int checked = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.getParent() != null && p.getParent().endsWith("META-INF/services"))
          .filter(p -> p.toString().contains("/src/main/resources/"))
          .filter(p -> !p.toString().contains("/target/")).sorted().toList()) {
        checked++;
        String service = f.getFileName().toString();
        if (service.startsWith("dev.sparse4j.") && !declared.contains(service)) {
          stale.add(root.relativize(f) + " names " + service + ", which no module declares");
        }
      }
    }
    assertTrue(checked >= 8, "found only " + checked + " services files under " + root);
    assertTrue(stale.isEmpty(), "rename these services files after their types:\n  " + String.join("\n  ", stale));
  }

  @Test
  void providesParserHandlesImportsCommentsAndSeveralClasses(@TempDir Path dir) throws IOException {
    String info = """
        import dev.sparse4j.api.spi.SparseBackendProvider;
        /** A module. provides Fake with Comment; */
        module m {
          requires dev.sparse4j.api;
          // provides Also.Fake with Comment;
          provides SparseBackendProvider with
              a.b.One, /* inline */ a.b.Two;
          provides dev.sparse4j.prune.DensityAllocator with a.b.Alloc;
        }
        """;
    Map<String, Set<String>> parsed = parseProvides(info);
    assertEquals(Set.of("a.b.One", "a.b.Two"), parsed.get("dev.sparse4j.api.spi.SparseBackendProvider"));
    assertEquals(Set.of("a.b.Alloc"), parsed.get("dev.sparse4j.prune.DensityAllocator"));
    assertEquals(2, parsed.size());

    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(services.resolve("dev.sparse4j.api.spi.SparseBackendProvider"), "# comment\na.b.Two\n\na.b.One # x\n");
    Files.writeString(services.resolve("dev.sparse4j.prune.Pruner"), "a.b.Orphan\n");
    List<String> m = compare("m", info, services);
    assertEquals(2, m.size(), m.toString());
    assertTrue(m.stream().anyMatch(s -> s.contains("DensityAllocator") && s.contains("a.b.Alloc")), m.toString());
    assertTrue(m.stream().anyMatch(s -> s.contains("Pruner") && s.contains("a.b.Orphan")), m.toString());
  }

  /** Lines of {@code root}'s Java files that import or require a forbidden engine package. */
  static List<String> engineImports(Path root) {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        Matcher m = IMPORT.matcher(text);
        while (m.find()) {
          String name = m.group(1);
          for (String bad : FORBIDDEN) {
            if (name.equals(bad) || name.startsWith(bad + ".")) {
              int line = 1 + (int) text.substring(0, m.start(1)).chars().filter(c -> c == '\n').count();
              violations.add(f + ":" + line + " uses " + name);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return violations;
  }

  /** Service → implementation classes declared by {@code provides} in a module-info source. */
  static Map<String, Set<String>> parseProvides(String moduleInfo) {
    String code = stripComments(moduleInfo);
    Map<String, String> imports = new HashMap<>();
    Matcher im = MODULE_IMPORT.matcher(code);
    while (im.find()) {
      String fq = im.group(1);
      imports.put(fq.substring(fq.lastIndexOf('.') + 1), fq);
    }
    Map<String, Set<String>> out = new TreeMap<>();
    Matcher m = PROVIDES.matcher(code);
    while (m.find()) {
      String service = imports.getOrDefault(m.group(1), m.group(1));
      Set<String> impls = out.computeIfAbsent(service, k -> new TreeSet<>());
      for (String impl : m.group(2).split(",")) {
        String name = impl.strip();
        impls.add(imports.getOrDefault(name, name));
      }
    }
    return out;
  }

  /** Mismatches between a module-info source and a {@code META-INF/services} directory. */
  static List<String> compare(String module, String moduleInfo, Path servicesDir) throws IOException {
    Map<String, Set<String>> declared = parseProvides(moduleInfo);
    Map<String, Set<String>> registered = new TreeMap<>();
    if (Files.isDirectory(servicesDir)) {
      try (Stream<Path> files = Files.list(servicesDir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Set<String> impls = new TreeSet<>();
          for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            int hash = line.indexOf('#');
            String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!name.isEmpty()) {
              impls.add(name);
            }
          }
          registered.put(f.getFileName().toString(), impls);
        }
      }
    }
    List<String> mismatches = new ArrayList<>();
    Set<String> services = new TreeSet<>(declared.keySet());
    services.addAll(registered.keySet());
    for (String service : services) {
      Set<String> a = declared.getOrDefault(service, Set.of());
      Set<String> b = registered.getOrDefault(service, Set.of());
      if (!a.equals(b)) {
        mismatches.add(module + ": " + service + " — module-info provides " + a
            + ", META-INF/services/" + service + " lists " + b);
      }
    }
    return mismatches;
  }

  private static String stripComments(String s) {
    return s.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", "");
  }

  /** The directory holding the {@code sparse4j} launcher or the parent pom, found by walking up from user.dir. */
  static Path repoRoot() throws IOException {
    Path start = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("sparse4j"))) {
        return p;
      }
      Path pom = p.resolve("pom.xml");
      if (Files.isRegularFile(pom)
          && Files.readString(pom, StandardCharsets.UTF_8).contains("<artifactId>sparse4j-parent</artifactId>")
          && !Files.readString(pom, StandardCharsets.UTF_8).contains("<parent>")) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find the sparse4j repository root above " + start);
  }

  @Test
  void repoRootIsFound() throws IOException {
    Path root = repoRoot();
    assertTrue(Files.isDirectory(root.resolve("sparse-api")), root.toString());
    assertFalse(root.equals(Paths.get(System.getProperty("user.dir")).toAbsolutePath()), "root is above the module");
  }
}
