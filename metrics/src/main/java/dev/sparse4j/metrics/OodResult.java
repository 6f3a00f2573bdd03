package dev.sparse4j.metrics;

/**
 * OOD-detection quality of one score; in-distribution (ID) examples should score higher.
 *
 * @param auroc area under the ROC curve, ID positive (Mann–Whitney, ties count ½)
 * @param auprIn average precision with ID as the positive class and the score as is
 * @param auprOut average precision with OOD as the positive class and the negated score
 * @param fpr95 fraction of OOD examples scoring at least the threshold that keeps ≥ 95 % of ID examples
 * @param idCount number of ID examples
 * @param oodCount number of OOD examples
 */
public record OodResult(double auroc, double auprIn, double auprOut, double fpr95, int idCount, int oodCount) {}
