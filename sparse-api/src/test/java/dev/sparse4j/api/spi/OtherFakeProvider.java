package dev.sparse4j.api.spi;

/** A second provider class, so duplicate-id messages can name two different classes. */
class OtherFakeProvider extends FakeProvider {
  OtherFakeProvider(String id, int priority) {
    super(id, priority, Availability.available("other fake"), java.util.EnumSet.noneOf(Capability.class));
  }
}
