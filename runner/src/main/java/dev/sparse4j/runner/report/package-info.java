/**
 * The JSON files of a run and a comparison as records ({@code report.json}, {@code config.json}, {@code eval.json},
 * {@code compare.json}), read and written by the one shared mapper ({@link dev.sparse4j.runner.report.Json}). Field
 * names and order are those of sparse4j 0.1.0; {@code docs/report.schema.json} documents {@code report.json}.
 */
package dev.sparse4j.runner.report;
