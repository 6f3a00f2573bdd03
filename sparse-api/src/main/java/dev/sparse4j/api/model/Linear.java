package dev.sparse4j.api.model;

/**
 * Fully connected layer; weight {@code [out, in]}, optional bias {@code [out]}.
 *
 * @param name local name
 * @param inFeatures input features
 * @param outFeatures output features
 * @param bias whether there is a bias
 */
public record Linear(String name, int inFeatures, int outFeatures, boolean bias) implements Layer {

  /** Validates the arguments. */
  public Linear {
    Layer.checkName(name);
    Layer.positive("inFeatures of linear " + name, inFeatures);
    Layer.positive("outFeatures of linear " + name, outFeatures);
  }
}
