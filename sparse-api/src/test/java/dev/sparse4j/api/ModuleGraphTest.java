package dev.sparse4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module graph in docs/architecture.md is drawn from the poms, and stays true: this test renders it (a Mermaid
 * diagram GitHub shows as a picture) from every reactor module's non-test {@code dev.sparse4j} dependencies and
 * compares it with the block between the {@code module-graph} markers. Run with {@code -Dsparse4j.writeModuleGraph}
 * to rewrite the block after changing a pom.
 */
class ModuleGraphTest {
  static final String START = "<!-- module-graph:start (drawn from the poms by ModuleGraphTest) -->";
  static final String END = "<!-- module-graph:end -->";

  private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([\\w.-]+)</artifactId>");
  private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);

  @Test
  void theDocumentedGraphIsTheGraphOfThePoms() throws IOException {
    Path root = ArchitectureTest.repoRoot();
    String expected = START + "\n" + render(graph(root)) + END;
    Path doc = root.resolve("docs/architecture.md");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    int s = text.indexOf(START);
    int e = text.indexOf(END);
    if (Boolean.getBoolean("sparse4j.writeModuleGraph") && s >= 0 && e > s) {
      Files.writeString(doc, text.substring(0, s) + expected + text.substring(e + END.length()), StandardCharsets.UTF_8);
      return;
    }
    assertTrue(s >= 0 && e > s, "docs/architecture.md has no module-graph block; add the lines\n" + expected);
    assertEquals(expected, text.substring(s, e + END.length()),
        "docs/architecture.md's module graph is not the poms' (rewrite it: mvn -pl sparse-api test"
            + " -Dtest=ModuleGraphTest -Dsparse4j.writeModuleGraph)");
  }

  @Test
  void renderingIsSortedAndSkipsTestDependencies() {
    Map<String, Set<String>> g = new TreeMap<>();
    g.put("b", new TreeSet<>(Set.of("a")));
    g.put("a", new TreeSet<>());
    g.put("c", new TreeSet<>(Set.of("b", "a")));
    g.put("d-e", new TreeSet<>(Set.of("a")));
    assertEquals("```mermaid\ngraph BT\n  a[a]\n  b[b]\n  c[c]\n  d_e[d-e]\n  b --> a\n  c --> a\n  c --> b\n"
        + "  d_e --> a\n```\n", render(g));
    assertEquals(List.of("x"), dependencies("""
        <dependency><groupId>dev.sparse4j</groupId><artifactId>x</artifactId></dependency>
        <dependency><groupId>dev.sparse4j</groupId><artifactId>y</artifactId><scope>test</scope></dependency>
        <dependency><groupId>org.other</groupId><artifactId>z</artifactId></dependency>
        """));
  }

  /** Module → its sparse4j dependencies (compile, runtime, provided), for every reactor module but the BOM. */
  static Map<String, Set<String>> graph(Path root) throws IOException {
    Map<String, Set<String>> g = new TreeMap<>();
    List<Path> poms;
    try (Stream<Path> files = Files.walk(root, 3)) {
      poms = files.filter(p -> p.getFileName().toString().equals("pom.xml"))
          .filter(p -> !p.getParent().equals(root))
          .filter(p -> !root.relativize(p).toString().startsWith("it"))
          .filter(p -> !root.relativize(p).toString().startsWith("examples"))
          .filter(p -> !p.toString().contains("/target/"))
          .sorted().toList();
    }
    for (Path pom : poms) {
      String xml = Files.readString(pom, StandardCharsets.UTF_8);
      String withoutParent = xml.replaceAll("(?s)<parent>.*?</parent>", "");
      Matcher a = ARTIFACT.matcher(withoutParent);
      if (!a.find()) {
        continue;
      }
      String id = a.group(1);
      if (id.equals("bom") || xml.contains("<packaging>pom</packaging>")) {
        continue; // the BOM and aggregators hold no code
      }
      int deps = withoutParent.indexOf("<dependencies>");
      g.put(id, new TreeSet<>(deps < 0 ? List.of() : dependencies(withoutParent.substring(deps))));
    }
    return g;
  }

  /** The {@code dev.sparse4j} artifacts a dependencies section names outside test scope. */
  static List<String> dependencies(String xml) {
    List<String> out = new ArrayList<>();
    Matcher d = DEPENDENCY.matcher(xml);
    while (d.find()) {
      String dep = d.group(1);
      if (dep.contains("<groupId>dev.sparse4j</groupId>") && !dep.contains("<scope>test</scope>")) {
        Matcher a = ARTIFACT.matcher(dep);
        if (a.find()) {
          out.add(a.group(1));
        }
      }
    }
    return out;
  }

  /** A Mermaid graph, bottom-up (the API at the bottom): one node per module, then the edges, sorted. */
  static String render(Map<String, Set<String>> g) {
    StringBuilder sb = new StringBuilder("```mermaid\ngraph BT\n");
    g.keySet().forEach(m -> sb.append("  ").append(node(m)).append('[').append(m).append("]\n"));
    g.forEach((module, deps) ->
        deps.forEach(d -> sb.append("  ").append(node(module)).append(" --> ").append(node(d)).append('\n')));
    return sb.append("```\n").toString();
  }

  /** A Mermaid node id (no hyphens). */
  private static String node(String module) {
    return module.replace('-', '_');
  }
}
