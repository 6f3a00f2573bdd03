package dev.sparse4j.api.spi;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the registry learned about one installed {@link SparseBackendProvider}, for listings and error messages.
 * Taking this snapshot never starts an engine.
 *
 * @param id the provider id, e.g. {@code djl-pytorch}
 * @param priority higher wins when no backend is named
 * @param availability whether it can work here, and why (not)
 * @param capabilities what its backends can do
 * @param versions versions of the engine parts; may be empty
 * @param location where the provider class was loaded from (a jar or directory), or {@code "unknown"}
 * @param className the provider's class name
 * @param coordinates Maven coordinates that provide it; may be empty
 */
public record ProviderInfo(
    String id,
    int priority,
    Availability availability,
    Set<Capability> capabilities,
    Map<String, String> versions,
    String location,
    String className,
    String coordinates) {

  /** Validates and makes the collections immutable. */
  public ProviderInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(availability, "availability");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(coordinates, "coordinates");
    capabilities = capabilities.isEmpty()
        ? Collections.unmodifiableSet(EnumSet.noneOf(Capability.class))
        : Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
    versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
  }

  /** Whether the provider says it can work here. */
  public boolean available() {
    return availability.available();
  }

  /** One line: {@code djl-pytorch (priority 100, available: …) [Class from location]}. */
  public String describe() {
    return id + " (priority " + priority + ", "
        + (availability.available() ? "available" : "unavailable") + ": " + availability.reason()
        + ") [" + className + " from " + location + "]";
  }
}
