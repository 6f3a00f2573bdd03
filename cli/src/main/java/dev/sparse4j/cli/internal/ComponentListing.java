package dev.sparse4j.cli.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparse4j.api.spi.NamedServices;
import dev.sparse4j.runner.report.Format;
import dev.sparse4j.runner.report.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * The listing of {@code sparse4j pruners} and {@code sparse4j allocators}: name, options with their defaults, the
 * jar (or class directory) the class comes from — so a plugin shows where it was found — and the description, as a
 * table or as JSON.
 */
public final class ComponentListing {
  private ComponentListing() {}

  /** One listed pruner or allocator. */
  public record Entry(String name, Map<String, String> options, Class<?> type, String description) {}

  /** Prints {@code entries} as a table, or as JSON {@code {"<key>": [{name, source, description, options}]}}. */
  public static void print(PrintWriter out, String key, List<Entry> entries, boolean json) {
    print(out, Map.of(key, entries), json);
  }

  /**
   * Prints several kinds of component: as JSON one key per kind, as text one table per kind, each under its key as a
   * heading when there are several.
   */
  public static void print(PrintWriter out, Map<String, List<Entry>> sections, boolean json) {
    if (json) {
      ObjectNode root = Json.object();
      sections.forEach((key, entries) -> {
        ArrayNode list = root.putArray(key);
        for (Entry e : entries) {
          ObjectNode n = list.addObject();
          n.put("name", e.name());
          n.put("source", source(e.type()));
          n.put("description", e.description());
          ObjectNode cfg = n.putObject("options");
          e.options().forEach(cfg::put);
        }
      });
      Json.print(out, root);
      return;
    }
    boolean headings = sections.size() > 1;
    sections.forEach((key, entries) -> {
      if (headings) {
        out.println(key + ":");
      }
      Table t = new Table("name", "options (defaults)", "source", "description");
      entries.forEach(e -> t.row(e.name(), Format.map(e.options()), source(e.type()), e.description()));
      out.print(t.render());
      if (headings) {
        out.println();
      }
    });
    out.flush();
  }

  /** The file name of the jar or directory {@code type} comes from. */
  static String source(Class<?> type) {
    String location = NamedServices.locationOf(type).replaceAll("/+$", "");
    return location.substring(location.lastIndexOf('/') + 1);
  }
}
