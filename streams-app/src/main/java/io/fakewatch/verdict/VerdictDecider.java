package io.fakewatch.verdict;

import io.fakewatch.events.Abstention;
import io.fakewatch.events.BlockScore;
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
  private final ScoreFusion fusion;
  private final TrackEvidence evidence;

  public VerdictDecider(VerdictSettings settings) {
    this(settings, settings.defaultFusion());
  }

  public VerdictDecider(VerdictSettings settings, ScoreFusion fusion) {
    this.settings = settings;
    this.rule = settings.rule();
    this.fusion = fusion;
    this.evidence = new TrackEvidence(rule, fusion);
  }

  /** True once the manifest and every score it announces are here (or the manifest carries an error). */
  public static boolean complete(VerdictState state) {
    CropManifest manifest = state.getManifest();
    if (manifest == null) {
      return false;
    }
    return manifest.getStatus() != Status.OK
        || (state.getScoredCrops() >= manifest.getTotalCrops() && state.getScoreRecords() >= manifest.getCropRecords()
            && state.getSequenceRecords() >= manifest.getSequenceRecords());
  }

  public VideoVerdict decide(VerdictState state, long nowMillis) {
    CropManifest manifest = state.getManifest();
    Status status = manifest == null ? Status.TIMEOUT : manifest.getStatus();
    List<TrackSummary> tracks = manifest == null ? List.of() : keptTracks(state, manifest, frameModels(state));
    if (status == Status.OK && tracks.isEmpty()) {
      status = Status.NO_FACES;
    }
    VideoVerdict.Builder verdict = VideoVerdict.newBuilder()
        .setVideoId(state.getVideoId())
        .setUri(state.getUri())
        .setStatus(status)
        .setTracks(tracks)
        .setModels(models(state, manifest))
        .setFrameModels(frameModels(state))
        .setTemporalModels(temporalModels(state, manifest))
        .setFusion(fusion.weights())
        .setCalibration(fusion.id())
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
    // DFDC: the most suspicious face decides; each track's score is its models fused
    double p = tracks.stream().mapToDouble(TrackSummary::getFusedScore).max().orElseThrow();
    long duration = manifest.getVideo() == null ? 0 : manifest.getVideo().getDurationMicros();
    return verdict.setProbability(p).setLabel(p >= settings.fakeThreshold() ? Label.FAKE : Label.REAL)
        .setSegments(Segments.find(tracks, settings.segmentThreshold(), duration)).build();
  }

  private static Set<Integer> keptIds(CropManifest manifest) {
    return manifest.getTracks().stream().map(TrackCount::getTrackId).collect(Collectors.toSet());
  }

  /** Tracks the manifest kept (detect drops short, spurious tracks after their crops went out), with their evidence. */
  private List<TrackSummary> keptTracks(VerdictState state, CropManifest manifest, List<String> frameModels) {
    Set<Integer> kept = keptIds(manifest);
    List<String> temporal = state.getTemporalModels();
    List<TrackSummary> summaries = new ArrayList<>();
    for (TrackScores track : state.getTracks()) {
      if (!kept.contains(track.getTrackId()) || track.getProbabilities().isEmpty()) {
        continue;
      }
      List<BlockScore> blocks = state.getBlocks().stream().filter(b -> b.getTrackId() == track.getTrackId()).toList();
      summaries.add(evidence.summarise(track, frameModels, blocks, temporal, temporalAbsence(state, manifest, track)));
    }
    summaries.sort(java.util.Comparator.comparingInt(TrackSummary::getTrackId));
    return summaries;
  }

  /** Why the temporal model has no block for this track, in words for the verdict. */
  private static String temporalAbsence(VerdictState state, CropManifest manifest, TrackScores track) {
    if (manifest.getSequenceRecords() == 0) {
      return "no clip: the video is shorter than one clip, or ingest sends none (ingest.clips.per.video=0)";
    }
    List<String> reasons = state.getAbstentions().stream().filter(a -> a.getTrackId() == track.getTrackId())
        .map(Abstention::getReason).distinct().toList();
    if (!reasons.isEmpty()) {
      return String.join("; ", reasons);
    }
    return "the face was not found on the first frame of any of the " + manifest.getSequenceRecords() + " clips";
  }

  private static List<String> frameModels(VerdictState state) {
    return List.copyOf(state.getModels());
  }

  private static List<String> temporalModels(VerdictState state, CropManifest manifest) {
    List<String> models = new ArrayList<>();
    if (manifest != null && !manifest.getLandmarker().isEmpty()) {
      models.add(manifest.getLandmarker());
    }
    state.getTemporalModels().stream().filter(m -> !models.contains(m)).forEach(models::add);
    return models;
  }

  private static List<String> models(VerdictState state, CropManifest manifest) {
    List<String> models = new ArrayList<>();
    if (manifest != null && !manifest.getDetector().isEmpty()) {
      models.add(manifest.getDetector());
    }
    state.getModels().stream().filter(m -> !models.contains(m)).forEach(models::add);
    temporalModels(state, manifest).stream().filter(m -> !models.contains(m)).forEach(models::add);
    return models;
  }

  private static Map<String, Long> timings(VerdictState state, CropManifest manifest, long nowMillis) {
    Map<String, Long> timings = new HashMap<>();
    if (manifest != null) {
      timings.putAll(manifest.getTimings());
    }
    if (state.getScoreRecords() > 0 || state.getSequenceRecords() > 0) {
      timings.put("score", state.getScoreMillis() + state.getSequenceMillis());
    }
    if (state.getSequenceRecords() > 0) {
      timings.put("score.temporal", state.getSequenceMillis());
    }
    timings.put("total", Math.max(0, nowMillis - state.getRequestedAt().toEpochMilli()));
    return timings;
  }
}
