package dev.sparse4j.api.spi;

import java.util.EnumSet;

/** Registered in the test META-INF/services so the real ServiceLoader path is exercised. */
public class ServiceLoadedFakeProvider extends FakeProvider {
  /** Public no-argument constructor for ServiceLoader. */
  public ServiceLoadedFakeProvider() {
    super("test-fake", -1000, Availability.available("test double"), EnumSet.of(Capability.INPUT_GRADIENTS));
  }
}
