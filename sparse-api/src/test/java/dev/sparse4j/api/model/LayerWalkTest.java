package dev.sparse4j.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Both walks on a small tree whose expected order and paths are written out by hand. */
class LayerWalkTest {
  // stem conv, then block "b" (pre: bn, body: conv + relu, shortcut takes pre: Sequential "sc" of one conv,
  // post: relu), then a linear head.
  private static final Layer TREE = Sequential.of("",
      new Conv2d("stem", 1, 2, 3, 1, 1, false),
      new Residual("b", List.of(new BatchNorm2d("bn", 2, 1e-5, 0.1)),
          List.of(new Conv2d("c", 2, 2, 3, 1, 1, false), new Relu("r")),
          List.of(Sequential.of("sc", new Conv2d("0", 2, 2, 1, 1, 0, false))), true, List.of(new Relu("out"))),
      new Flatten("f"));

  @Test
  void forwardThreadsTheValueInParameterOrder() {
    String trace = LayerWalk.forward(TREE, "", "x",
        (layer, path, in) -> in + ">" + path,
        (block, path, body, shortcut) -> "(" + body + " + " + shortcut + ")@" + path);
    assertEquals("(x>stem>b.bn>b.c>b.r + x>stem>b.bn>b.sc.0)@b>b.out>f", trace);
  }

  @Test
  void forwardShortcutReadsTheBlockInputUnlessItTakesPre() {
    Layer block = new Residual("b", List.of(new Relu("p")), List.of(new Relu("q")), List.of(), false, List.of());
    assertEquals("x>b.p>b.q|x", LayerWalk.forward(block, "", "x", (l, path, in) -> in + ">" + path,
        (r, path, body, skip) -> body + "|" + skip));
  }

  @Test
  void foldBuildsTheTreeBottomUp() {
    String tree = LayerWalk.fold(TREE, "", new LayerWalk.Structure<String>() {
      @Override
      public String leaf(Layer layer, String path) {
        return path;
      }

      @Override
      public String sequence(String path, List<String> children) {
        return "[" + String.join(" ", children) + "]";
      }

      @Override
      public String residual(Residual block, String path, String pre, String body, String shortcut, String post) {
        return path + "{" + pre + body + shortcut + post + "}";
      }
    });
    assertEquals("[stem b{[b.bn][b.c b.r][[b.sc.0]][b.out]} f]", tree);
  }
}
