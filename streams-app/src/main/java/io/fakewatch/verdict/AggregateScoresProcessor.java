package io.fakewatch.verdict;

import io.fakewatch.events.CropManifest;
import io.fakewatch.events.CropScore;
import io.fakewatch.events.ScoredCrop;
import io.fakewatch.events.SequenceScores;
import io.fakewatch.events.TrackScores;
import io.fakewatch.events.VerdictState;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.metrics.FakeWatchMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers each video's crop and sequence scores until its manifest says all arrived, then emits the one verdict. A
 * wall-clock punctuator gives overdue videos a TIMEOUT verdict and forgets decided ones after retention;
 * scores for an already decided video are counted ({@code late-scores-total}) and dropped.
 */
final class AggregateScoresProcessor implements Processor<String, SpecificRecord, String, VideoVerdict> {
  private static final Logger LOG = LoggerFactory.getLogger(AggregateScoresProcessor.class);
  static final String METRIC_GROUP = "fakewatch-verdict";

  private final VerdictSettings settings;
  private final VerdictDecider decider;
  private ProcessorContext<String, VideoVerdict> context;
  private KeyValueStore<String, VerdictState> store;
  private Sensor lateScores;
  private Sensor timeouts;

  AggregateScoresProcessor(VerdictSettings settings, ScoreFusion fusion) {
    this.settings = settings;
    this.decider = new VerdictDecider(settings, fusion);
  }

  static VerdictState newState(String videoId, String uri, Instant requestedAt, long nowMillis) {
    return VerdictState.newBuilder().setVideoId(videoId).setUri(uri).setRequestedAt(requestedAt)
        .setFirstSeenMillis(nowMillis).build();
  }

  @Override
  public void init(ProcessorContext<String, VideoVerdict> context) {
    this.context = context;
    this.store = context.getStateStore(VerdictTopology.STORE);
    Map<String, String> tags = Map.of("task-id", context.taskId().toString());
    lateScores = counter("late-scores", "scores that arrived after their video's verdict; dropped", tags);
    timeouts = counter("timeouts", "videos that got a TIMEOUT verdict", tags);
    context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::checkDeadlines);
  }

  private Sensor counter(String name, String description, Map<String, String> tags) {
    Sensor sensor = context.metrics().addSensor(name + "-" + context.taskId(), Sensor.RecordingLevel.INFO);
    sensor.add(new MetricName(name + "-total", METRIC_GROUP, description, tags), new CumulativeCount());
    return sensor;
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    String videoId = record.key();
    SpecificRecord value = record.value();
    if (videoId == null || value == null) {
      return;
    }
    VerdictState state = store.get(videoId);
    if (state != null && state.getDecided()) {
      state.setLateScores(state.getLateScores() + 1);
      store.put(videoId, state);
      lateScores.record();
      LOG.warn("video {}: {} arrived after its verdict; dropped", videoId, value.getClass().getSimpleName());
      return;
    }
    if (value instanceof CropScore score) {
      state = state != null ? state : newState(videoId, "", score.getRequestedAt(), context.currentSystemTimeMs());
      add(state, score);
    } else if (value instanceof SequenceScores scores) {
      state = state != null ? state : newState(videoId, "", scores.getRequestedAt(), context.currentSystemTimeMs());
      add(state, scores);
    } else if (value instanceof CropManifest manifest) {
      state = state != null ? state : newState(videoId, manifest.getUri(), manifest.getRequestedAt(),
          context.currentSystemTimeMs());
      state.setManifest(manifest);
      if (state.getUri().isEmpty()) {
        state.setUri(manifest.getUri());
      }
    } else {
      LOG.warn("video {}: unexpected {} on the scores topic; ignored", videoId, value.getClass().getSimpleName());
      return;
    }
    if (VerdictDecider.complete(state)) {
      emit(state, context.currentSystemTimeMs(), record.timestamp());
    } else {
      store.put(videoId, state);
    }
  }

  private static void add(VerdictState state, CropScore score) {
    state.setScoreRecords(state.getScoreRecords() + 1);
    state.setScoredCrops(state.getScoredCrops() + score.getScores().size());
    state.setScoreMillis(state.getScoreMillis() + score.getTimings().getOrDefault("score", 0L));
    for (String model : score.getModels()) {
      if (!state.getModels().contains(model)) {
        state.getModels().add(model);
      }
    }
    int models = score.getModels().size();
    for (ScoredCrop crop : score.getScores()) {
      TrackScores track = track(state, crop.getTrackId());
      track.getFrames().add(crop.getFrameIndex());
      track.getProbabilities().add(crop.getFakeProbability());
      track.getTimestamps().add(crop.getTimestampMicros());
      // frames × models, kept rectangular: a crop without per-model logits repeats the ensemble's
      for (int m = 0; m < models; m++) {
        track.getModelProbabilities().add(crop.getModelLogits().size() == models
            ? (float) (1 / (1 + Math.exp(-crop.getModelLogits().get(m)))) : crop.getFakeProbability());
      }
    }
  }

  private static void add(VerdictState state, SequenceScores scores) {
    state.setSequenceRecords(state.getSequenceRecords() + 1);
    state.setSequenceMillis(state.getSequenceMillis() + scores.getTimings().getOrDefault("score", 0L));
    for (String model : scores.getModels()) {
      if (!state.getTemporalModels().contains(model)) {
        state.getTemporalModels().add(model);
      }
    }
    state.getBlocks().addAll(scores.getBlocks());
    state.getAbstentions().addAll(scores.getAbstentions());
  }

  private static TrackScores track(VerdictState state, int trackId) {
    for (TrackScores track : state.getTracks()) {
      if (track.getTrackId() == trackId) {
        return track;
      }
    }
    TrackScores track = TrackScores.newBuilder().setTrackId(trackId).setFrames(new ArrayList<>())
        .setProbabilities(new ArrayList<>()).setTimestamps(new ArrayList<>()).setModelProbabilities(new ArrayList<>()).build();
    state.getTracks().add(track);
    return track;
  }

  private void emit(VerdictState state, long nowMillis, long timestamp) {
    VideoVerdict verdict = decider.decide(state, nowMillis);
    context.forward(new Record<>(state.getVideoId(), verdict, timestamp));
    FakeWatchMetrics.global().verdict(verdict.getLabel(), verdict.getStatus(),
        Duration.ofMillis(Math.max(0, nowMillis - state.getRequestedAt().toEpochMilli())));
    LOG.info("video {}: {} p={} status={} ({} tracks)", state.getVideoId(), verdict.getLabel(),
        String.format("%.3f", verdict.getProbability()), verdict.getStatus(), verdict.getTracks().size());
    // keep a small marker, so late scores are recognised instead of starting a second verdict
    store.put(state.getVideoId(), VerdictState.newBuilder(newState(state.getVideoId(), state.getUri(),
            state.getRequestedAt(), state.getFirstSeenMillis()))
        .setDecided(true).setDecidedMillis(nowMillis).setLateScores(state.getLateScores()).build());
  }

  private void checkDeadlines(long nowMillis) {
    List<String> expired = new ArrayList<>();
    List<VerdictState> overdue = new ArrayList<>();
    try (KeyValueIterator<String, VerdictState> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, VerdictState> entry = all.next();
        VerdictState state = entry.value;
        if (state.getDecided()) {
          if (nowMillis - state.getDecidedMillis() >= settings.retention().toMillis()) {
            expired.add(entry.key);
          }
        } else if (nowMillis - state.getFirstSeenMillis() >= settings.timeout().toMillis()) {
          overdue.add(state);
        }
      }
    }
    expired.forEach(store::delete);
    for (VerdictState state : overdue) {
      timeouts.record();
      LOG.warn("video {}: no complete scores {} ms after its request; TIMEOUT", state.getVideoId(),
          nowMillis - state.getFirstSeenMillis());
      state.setManifest(null); // a TIMEOUT verdict, whatever partial scores arrived
      emit(state, nowMillis, nowMillis);
    }
  }
}
