package dev.sparse4j.api.spi;

import java.util.List;

/** Placeholder registry; replaced by the full implementation. */
public final class Backends {
  private Backends() {}

  /** Ids of the installed providers that declare {@code capability}. */
  public static List<String> idsWith(Capability capability) {
    return List.of();
  }
}
