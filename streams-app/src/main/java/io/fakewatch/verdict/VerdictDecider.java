package io.fakewatch.verdict;

import io.fakewatch.events.CropManifest;
import io.fakewatch.events.Label;
import io.fakewatch.events.Status;
import io.fakewatch.events.TrackCount;
import io.fakewatch.events.TrackScores;
import io.fakewatch.events.TrackSummary;
import io.fakewatch.events.VerdictState;
import io.fakewatch.events.VideoVerdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns what arrived for a video into its verdict. Pure: no store, no Kafka. */
public final class VerdictDecider {
  static final double UNKNOWN_PROBABILITY = 0.5;

  private final VerdictSettings settings;
  private final AggregationRule rule;
  private final Calibration calibration;

  public VerdictDecider(VerdictSettings settings) {
    this.settings = settings;
    this.rule = settings.rule();
    this.calibration = settings.calibration();
  }

  /** True once the manifest and every score it announces are here (or the manifest carries an error). */
  public static boolean complete(VerdictState state) {
    CropManifest manifest = state.getManifest();
    if (manifest == null) {
      return false;
    }
    return manifest.getStatus() != Status.OK
        || (state.getScoredCrops() >= manifest.getTotalCrops() && state.getScoreRecords() >= manifest.getCropRecords());
  }

  public VideoVerdict decide(VerdictState state, long nowMillis) {
    CropManifest manifest = state.getManifest();
    Status status = manifest == null ? Status.TIMEOUT : manifest.getStatus();
    List<TrackSummary> tracks = manifest == null ? List.of() : keptTracks(state, manifest);
    if (status == Status.OK && tracks.isEmpty()) {
      status = Status.NO_FACES;
    }
    VideoVerdict.Builder verdict = VideoVerdict.newBuilder()
        .setVideoId(state.getVideoId())
        .setUri(state.getUri())
        .setStatus(status)
        .setTracks(tracks)
        .setModels(models(state, manifest))
        .setAggregation(rule.name())
        .setRequestedAt(state.getRequestedAt())
        .setDecidedAt(Instant.ofEpochMilli(nowMillis))
        .setTimings(timings(state, manifest, nowMillis));
    if (manifest != null) {
      verdict.setVideo(manifest.getVideo())
          .setSampledFrames(manifest.getSampledFrames())
          .setFramesWithFaces(manifest.getFramesWithFaces())
          .setError(manifest.getError());
    } else {
      verdict.setError(String.format("scores stopped arriving: %d crops in %d records after %d ms",
          state.getScoredCrops(), state.getScoreRecords(), nowMillis - state.getFirstSeenMillis()));
    }
    if (status != Status.OK) {
      return verdict.setLabel(Label.UNKNOWN).setProbability(UNKNOWN_PROBABILITY).build();
    }
    List<double[]> probabilities = keptProbabilities(state, manifest);
    double p = calibration.apply(rule.videoProbability(probabilities));
    return verdict.setProbability(p).setLabel(p >= settings.fakeThreshold() ? Label.FAKE : Label.REAL).build();
  }

  private static Set<Integer> keptIds(CropManifest manifest) {
    return manifest.getTracks().stream().map(TrackCount::getTrackId).collect(Collectors.toSet());
  }

  /** Scores of tracks the manifest kept; detect drops short, spurious tracks after their crops went out. */
  private static List<double[]> keptProbabilities(VerdictState state, CropManifest manifest) {
    Set<Integer> kept = keptIds(manifest);
    List<double[]> result = new ArrayList<>();
    for (TrackScores track : state.getTracks()) {
      if (kept.contains(track.getTrackId()) && !track.getProbabilities().isEmpty()) {
        result.add(track.getProbabilities().stream().mapToDouble(Float::doubleValue).toArray());
      }
    }
    return result;
  }

  private static List<TrackSummary> keptTracks(VerdictState state, CropManifest manifest) {
    Set<Integer> kept = keptIds(manifest);
    List<TrackSummary> summaries = new ArrayList<>();
    for (TrackScores track : state.getTracks()) {
      if (!kept.contains(track.getTrackId()) || track.getProbabilities().isEmpty()) {
        continue;
      }
      var stats = track.getProbabilities().stream().mapToDouble(Float::doubleValue).summaryStatistics();
      var frames = track.getFrames().stream().mapToInt(Integer::intValue).summaryStatistics();
      summaries.add(TrackSummary.newBuilder().setTrackId(track.getTrackId()).setFrames((int) stats.getCount())
          .setMean(stats.getAverage()).setMin(stats.getMin()).setMax(stats.getMax())
          .setFirstFrame(frames.getMin()).setLastFrame(frames.getMax()).build());
    }
    summaries.sort(java.util.Comparator.comparingInt(TrackSummary::getTrackId));
    return summaries;
  }

  private static List<String> models(VerdictState state, CropManifest manifest) {
    List<String> models = new ArrayList<>();
    if (manifest != null && !manifest.getDetector().isEmpty()) {
      models.add(manifest.getDetector());
    }
    state.getModels().stream().filter(m -> !models.contains(m)).forEach(models::add);
    return models;
  }

  private static Map<String, Long> timings(VerdictState state, CropManifest manifest, long nowMillis) {
    Map<String, Long> timings = new HashMap<>();
    if (manifest != null) {
      timings.putAll(manifest.getTimings());
    }
    if (state.getScoreRecords() > 0) {
      timings.put("score", state.getScoreMillis());
    }
    timings.put("total", Math.max(0, nowMillis - state.getRequestedAt().toEpochMilli()));
    return timings;
  }
}
