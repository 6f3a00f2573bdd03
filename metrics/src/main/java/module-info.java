/** Pure metric math and evaluators: accuracy, NLL, Brier, ECE/MCE, AUROC/AUPR/FPR95, OOD scores, attacks. */
module dev.sparse4j.metrics {
  requires transitive dev.sparse4j.api;

  exports dev.sparse4j.metrics;
  exports dev.sparse4j.metrics.robustness;
}
