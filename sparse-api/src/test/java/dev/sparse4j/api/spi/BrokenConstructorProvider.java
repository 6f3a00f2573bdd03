package dev.sparse4j.api.spi;

/** Registered in the test META-INF/services; its constructor fails like a provider whose natives are missing. */
public class BrokenConstructorProvider extends FakeProvider {
  /** Always throws. */
  public BrokenConstructorProvider() {
    super("never", 0, Availability.available("never"), java.util.Set.of());
    throw new IllegalStateException("boom: native library missing");
  }
}
