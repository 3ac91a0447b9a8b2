package io.fakewatch.score;

import io.fakewatch.events.CropScore;
import io.fakewatch.events.FaceCrop;
import io.fakewatch.events.FaceCrops;
import io.fakewatch.events.ScoredCrop;
import io.fakewatch.media.Jpeg;
import io.fakewatch.metrics.FakeWatchMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Classifies the crops of one or more FaceCrops records as one batch, in inference runs of at most
 * {@code maxCrops}, and splits the logits back per record: each record gets the CropScore that scoring it
 * alone gives. A failed batch of several records is retried record by record, so one record's failure
 * dead-letters that record only, as it would alone.
 */
final class CropBatchScorer {
  /** A record and how long it waited in the batching store; -1 when it was scored on arrival. */
  record Gathered(FaceCrops crops, long queuedMillis) {
    Gathered {
      Objects.requireNonNull(crops);
    }

    static Gathered onArrival(FaceCrops crops) {
      return new Gathered(crops, -1);
    }
  }

  /** A dead letter to send for a record: reason and message. */
  record Problem(String reason, String message) {}

  /** A record's result: its CropScore (null when inference failed) and its dead letters. */
  record Outcome(CropScore score, List<Problem> problems) {}

  private final CropClassifier classifier;
  private final FakeWatchMetrics metrics;
  private final int maxCrops;
  private final String models;

  CropBatchScorer(CropClassifier classifier, FakeWatchMetrics metrics, int maxCrops) {
    this.classifier = Objects.requireNonNull(classifier);
    this.metrics = Objects.requireNonNull(metrics);
    this.maxCrops = maxCrops;
    this.models = String.join("+", classifier.modelIds());
  }

  /** One outcome per record, in the records' order. */
  List<Outcome> score(List<Gathered> records) {
    if (records.isEmpty()) {
      return List.of();
    }
    long started = System.nanoTime();
    List<byte[]> jpegs = new ArrayList<>();
    for (Gathered record : records) {
      for (FaceCrop crop : record.crops().getCrops()) {
        jpegs.add(Jpeg.bytes(crop.getJpeg()));
      }
    }
    CropClassifier.Scores scores;
    try {
      scores = classify(jpegs);
    } catch (OnnxCropClassifier.ClassifierException e) {
      if (records.size() == 1) {
        return List.of(new Outcome(null, List.of(new Problem("INFERENCE_ERROR", e.getMessage()))));
      }
      return records.stream().map(r -> score(List.of(r)).get(0)).toList();
    }
    long spent = System.nanoTime() - started;
    List<Outcome> outcomes = new ArrayList<>(records.size());
    int offset = 0;
    for (Gathered record : records) {
      int n = record.crops().getCrops().size();
      // the batch's time shared by crops, so that a video's per-record timings still add up to its cost
      long share = jpegs.isEmpty() ? spent / records.size() : spent * n / jpegs.size();
      outcomes.add(outcome(record, scores, offset, Duration.ofNanos(share)));
      offset += n;
    }
    return outcomes;
  }

  private CropClassifier.Scores classify(List<byte[]> jpegs) {
    int n = jpegs.size();
    float[] ensemble = new float[n];
    float[][] perModel = new float[n][];
    for (int from = 0; from < n; from += maxCrops) {
      List<byte[]> run = jpegs.subList(from, Math.min(n, from + maxCrops));
      long started = System.nanoTime();
      CropClassifier.Scores scores = classifier.scores(run);
      metrics.inference("classifier", models, classifier.provider(), run.size(), Duration.ofNanos(System.nanoTime() - started));
      System.arraycopy(scores.ensemble(), 0, ensemble, from, run.size());
      System.arraycopy(scores.perModel(), 0, perModel, from, run.size());
    }
    return new CropClassifier.Scores(ensemble, perModel);
  }

  private Outcome outcome(Gathered record, CropClassifier.Scores scores, int offset, Duration spent) {
    FaceCrops crops = record.crops();
    List<Problem> problems = new ArrayList<>();
    List<ScoredCrop> scored = new ArrayList<>();
    for (int i = 0; i < crops.getCrops().size(); i++) {
      FaceCrop crop = crops.getCrops().get(i);
      float logit = scores.ensemble()[offset + i];
      boolean broken = Float.isNaN(logit);
      if (broken) {
        // counted as scored (so the video completes) but neutral, and reported
        problems.add(new Problem("MALFORMED_CROP", "crop of frame " + crop.getFrameIndex() + " is not a decodable JPEG"));
        logit = 0f;
      }
      scored.add(ScoredCrop.newBuilder().setFrameIndex(crop.getFrameIndex()).setTrackId(crop.getTrackId()).setFakeLogit(logit)
          .setFakeProbability((float) Logits.sigmoid(logit)).setTimestampMicros(crop.getTimestampMicros())
          .setModelLogits(broken ? List.of() : boxed(scores.perModel()[offset + i])).setThumbnail(crop.getThumbnail()).build());
    }
    Map<String, Long> timings = new HashMap<>(crops.getTimings());
    timings.put("score", spent.toMillis());
    if (record.queuedMillis() >= 0) {
      timings.put("score.queue", record.queuedMillis());
    }
    metrics.stageLatency("score", spent);
    CropScore score = CropScore.newBuilder().setVideoId(crops.getVideoId()).setRequestedAt(crops.getRequestedAt())
        .setBatchIndex(crops.getBatchIndex()).setScores(scored).setModels(classifier.modelIds())
        .setProvider(classifier.provider()).setTimings(timings).build();
    return new Outcome(score, problems);
  }

  private static List<Float> boxed(float[] values) {
    List<Float> out = new ArrayList<>(values.length);
    for (float v : values) {
      out.add(v);
    }
    return out;
  }
}
