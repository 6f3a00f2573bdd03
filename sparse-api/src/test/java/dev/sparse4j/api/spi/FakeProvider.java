package dev.sparse4j.api.spi;

import java.util.EnumSet;
import java.util.Set;

/** A configurable provider for registry tests; never starts anything. */
class FakeProvider implements SparseBackendProvider {
  final String id;
  final int priority;
  final Availability availability;
  final Set<Capability> capabilities;

  FakeProvider(String id, int priority, Availability availability, Set<Capability> capabilities) {
    this.id = id;
    this.priority = priority;
    this.availability = availability;
    this.capabilities = capabilities;
  }

  static FakeProvider available(String id, int priority) {
    return new FakeProvider(id, priority, Availability.available("fake engine ready"), EnumSet.of(Capability.TRAIN));
  }

  static FakeProvider unavailable(String id, int priority, String reason) {
    return new FakeProvider(id, priority, Availability.unavailable(reason), EnumSet.of(Capability.TRAIN));
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public int priority() {
    return priority;
  }

  @Override
  public Availability availability() {
    return availability;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public SparseBackend create(BackendOptions options) {
    throw new UnsupportedOperationException("fake provider " + id + " cannot create a backend");
  }
}
