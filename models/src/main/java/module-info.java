/** The model zoo as backend-neutral {@link dev.sparse4j.api.model.ModelSpec}s: MLP, CIFAR ResNets, VGG, WRN. */
module dev.sparse4j.models {
  requires transitive dev.sparse4j.api;

  exports dev.sparse4j.models;
}
