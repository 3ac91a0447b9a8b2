package io.fakewatch.verdict;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fusion fitted by {@code fakewatch evaluate --fit-calibration}: with both models present their joint
 * logistic regression, with one its own Platt scaling. Already calibrated, so no sigmoid gain follows.
 */
public final class FittedFusion implements ScoreFusion {
  private final CalibrationFile file;

  public FittedFusion(CalibrationFile file) {
    this.file = file;
  }

  /** Reads the file and refuses it unless it was fitted on these models. */
  public static FittedFusion load(java.nio.file.Path path, String frameModelId, String temporalModelId) {
    CalibrationFile file = CalibrationFile.read(path);
    file.checkModels(frameModelId, temporalModelId);
    return new FittedFusion(file);
  }

  public CalibrationFile file() {
    return file;
  }

  @Override
  public String id() {
    return file.id();
  }

  @Override
  public Map<String, Double> weights() {
    Map<String, Double> weights = new LinkedHashMap<>();
    weights.put("frame", file.parameters().joint().frame());
    weights.put("temporal", file.parameters().joint().temporal());
    return weights;
  }

  @Override
  public double fuse(Double frameProbability, Double temporalProbability) {
    return file.parameters().predict(frameProbability, temporalProbability);
  }
}
