package dev.sparse4j.runner.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What the final evaluation measured, as a report, {@code eval.json} and {@code compare.json} record it.
 *
 * @param evalBatchSize examples per forward pass
 * @param robustness whether the FGSM / PGD attacks ran
 * @param robustnessExamples test examples attacked: a whole number, or {@code "all"}
 * @param eps the L∞ radii as written on the command line ({@code 8/255}, {@code 0.1})
 * @param pgd whether PGD-L∞ ran besides FGSM
 * @param pgdSteps PGD steps
 * @param pgdL2Eps PGD-L2 radii; absent when none
 * @param odin whether ODIN scores were computed
 */
@JsonPropertyOrder({"evalBatchSize", "robustness", "robustnessExamples", "eps", "pgd", "pgdSteps", "pgdL2Eps",
    "odin"})
public record EvalSettingsJson(
    int evalBatchSize,
    boolean robustness,
    Object robustnessExamples,
    List<String> eps,
    boolean pgd,
    int pgdSteps,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Double> pgdL2Eps,
    boolean odin) {}
