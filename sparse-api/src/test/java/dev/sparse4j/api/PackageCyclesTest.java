package dev.sparse4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
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
 * No package of sparse4j's main code, in any module (examples and integration projects included), depends on a
 * package that depends back on it (docs/architecture.md, the layering rule). A dependency is any reference to a
 * {@code dev.sparse4j} type outside comments and string literals: an import or a fully qualified name.
 */
class PackageCyclesTest {

  // Comments and literals first, so that "http://…" or "/*[name()]" in a string is not taken for a comment.
  private static final Pattern NOISE = Pattern.compile(
      "\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'|/\\*[\\s\\S]*?\\*/|//[^\\n]*");
  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.sparse4j(?:\\.[a-z_][a-z0-9_]*)*)\\.(?:[A-Z]|\\*)");

  @Test
  void noModuleHasAPackageCycle() throws IOException {
    Path root = ArchitectureTest.repoRoot();
    Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(root)) {
      sources = walk.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> p.toString().contains("/src/main/java/"))
          .filter(p -> !p.toString().contains("/target/"))
          .sorted().toList();
    }
    for (Path f : sources) {
      addEdges(graph, f);
    }
    assertTrue(graph.size() > 20, "found only " + graph.size() + " packages under " + root);
    List<String> cycles = describe(cycles(graph), graph);
    assertTrue(cycles.isEmpty(), "package cycles (move the type that closes each loop, docs/architecture.md):\n  "
        + String.join("\n  ", cycles));
  }

  @Test
  void theScannerFindsACycleAndIgnoresCommentsAndStrings(@TempDir Path dir) throws IOException {
    write(dir, "a/A.java", "package dev.sparse4j.a;\nimport dev.sparse4j.b.B;\nclass A {}\n");
    write(dir, "b/B.java", "package dev.sparse4j.b;\nclass B { dev.sparse4j.a.A a; }\n");
    write(dir, "c/C.java", "package dev.sparse4j.c;\n/** {@link dev.sparse4j.d.D} */\nclass C {"
        + " String s = \"dev.sparse4j.d.D /*\"; }\n");
    write(dir, "d/D.java", "package dev.sparse4j.d;\nimport dev.sparse4j.c.*;\nclass D {}\n");
    Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f : walk.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        addEdges(graph, f);
      }
    }
    List<Set<String>> found = cycles(graph);
    assertEquals(List.of(Set.of("dev.sparse4j.a", "dev.sparse4j.b")), found);
    String text = String.join("\n", describe(found, graph));
    assertTrue(text.contains("dev.sparse4j.a → dev.sparse4j.b (A.java)"), text);
    assertTrue(text.contains("dev.sparse4j.b → dev.sparse4j.a (B.java)"), text);
  }

  private static void write(Path dir, String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text, StandardCharsets.UTF_8);
  }

  /** Adds the edges {@code file's package → referenced package}, each with the files that make it. */
  private static void addEdges(Map<String, Map<String, Set<String>>> graph, Path file) {
    String name = file.getFileName().toString();
    if (name.equals("module-info.java") || name.equals("package-info.java")) {
      return;
    }
    String code;
    try {
      code = NOISE.matcher(Files.readString(file, StandardCharsets.UTF_8)).replaceAll(" ");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher pkg = PACKAGE.matcher(code);
    if (!pkg.find()) {
      return;
    }
    String from = pkg.group(1);
    Map<String, Set<String>> out = graph.computeIfAbsent(from, k -> new TreeMap<>());
    Matcher ref = REFERENCE.matcher(code);
    while (ref.find()) {
      String to = ref.group(1);
      if (!to.equals(from)) {
        out.computeIfAbsent(to, k -> new TreeSet<>()).add(name);
      }
    }
  }

  /** The strongly connected components with more than one package (Tarjan, iterative). */
  static List<Set<String>> cycles(Map<String, Map<String, Set<String>>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new HashSet<>();
    List<Set<String>> result = new ArrayList<>();
    for (String start : graph.keySet()) {
      if (index.containsKey(start)) {
        continue;
      }
      // Each frame: the node and an iterator position over its successors.
      Deque<Object[]> frames = new ArrayDeque<>();
      frames.push(new Object[] {start, new ArrayList<>(graph.get(start).keySet()), 0});
      index.put(start, index.size());
      low.put(start, index.get(start));
      stack.push(start);
      onStack.add(start);
      while (!frames.isEmpty()) {
        Object[] frame = frames.peek();
        String v = (String) frame[0];
        @SuppressWarnings("unchecked") List<String> next = (List<String>) frame[1];
        int i = (int) frame[2];
        if (i < next.size()) {
          frame[2] = i + 1;
          String w = next.get(i);
          if (!index.containsKey(w)) {
            index.put(w, index.size());
            low.put(w, index.get(w));
            stack.push(w);
            onStack.add(w);
            frames.push(new Object[] {w, new ArrayList<>(graph.getOrDefault(w, Map.of()).keySet()), 0});
          } else if (onStack.contains(w)) {
            low.put(v, Math.min(low.get(v), index.get(w)));
          }
          continue;
        }
        frames.pop();
        if (!frames.isEmpty()) {
          String parent = (String) frames.peek()[0];
          low.put(parent, Math.min(low.get(parent), low.get(v)));
        }
        if (low.get(v).equals(index.get(v))) {
          Set<String> component = new TreeSet<>();
          String w;
          do {
            w = stack.pop();
            onStack.remove(w);
            component.add(w);
          } while (!w.equals(v));
          if (component.size() > 1) {
            result.add(component);
          }
        }
      }
    }
    return result;
  }

  /** One line per edge inside each cycle, naming the files that make it. */
  private static List<String> describe(List<Set<String>> cycles, Map<String, Map<String, Set<String>>> graph) {
    List<String> lines = new ArrayList<>();
    for (Set<String> cycle : cycles) {
      lines.add("cycle " + cycle + ":");
      for (String a : cycle) {
        for (Map.Entry<String, Set<String>> e : graph.get(a).entrySet()) {
          if (cycle.contains(e.getKey())) {
            lines.add("  " + a + " → " + e.getKey() + " (" + String.join(", ", e.getValue()) + ")");
          }
        }
      }
    }
    return lines;
  }
}
