package io.fakewatch.score;

import io.fakewatch.events.CropManifest;
import io.fakewatch.events.FaceCrops;
import io.fakewatch.events.LandmarkSequences;
import io.fakewatch.events.ScorePending;
import io.fakewatch.events.SequenceScores;
import io.fakewatch.kafka.DeadLetters;
import io.fakewatch.kafka.TopicSpec;
import io.fakewatch.metrics.FakeWatchMetrics;
import io.fakewatch.temporal.SequenceClassifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores crops and clips. With gathering on, FaceCrops records wait in the {@link PendingRecords} store
 * until {@code score.batch.max} crops are there (flushed on arrival) or the oldest has waited
 * {@code score.batch.linger.ms} (flushed by a wall-clock punctuator); manifests and clips that arrive
 * behind pending crops wait with them, so every output leaves in input order and a video's manifest still
 * follows its scores.
 */
final class ScoreProcessor implements Processor<String, SpecificRecord, String, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(ScoreProcessor.class);

  private final CropBatching batching;
  private final CropBatchScorer crops;
  private final SequenceScoring sequences;
  private final FakeWatchMetrics metrics;
  private final TopicSpec<String, SpecificRecord> input;
  private final String models;
  private ProcessorContext<String, Object> context;
  private PendingRecords pending;

  ScoreProcessor(CropClassifier classifier, SequenceClassifier sequences, CropBatching batching, FakeWatchMetrics metrics,
      TopicSpec<String, SpecificRecord> input) {
    this.batching = batching;
    this.crops = new CropBatchScorer(classifier, metrics, batching.maxCrops());
    this.sequences = new SequenceScoring(sequences);
    this.metrics = metrics;
    this.input = input;
    this.models = String.join("+", classifier.modelIds());
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    if (batching.gathers()) {
      KeyValueStore<Long, ScorePending> store = context.getStateStore(ScoreTopology.PENDING_STORE);
      pending = new PendingRecords(store, input);
      if (!pending.isEmpty()) {
        LOG.info("task {}: {} crops gathered before a restart are pending; the next punctuation scores them",
            context.taskId(), pending.crops());
      }
      context.schedule(Duration.ofMillis(batching.punctuateEveryMs()), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    SpecificRecord value = record.value();
    if (pending == null || (pending.isEmpty() && !(value instanceof FaceCrops))) {
      handle(record.key(), record.timestamp(), value);
      return;
    }
    int cropCount = value instanceof FaceCrops faceCrops ? faceCrops.getCrops().size() : 0;
    if (!pending.isEmpty() && pending.crops() + cropCount > batching.maxCrops()) {
      flush();
    }
    pending.add(record.key(), record.timestamp(), context.currentSystemTimeMs(), cropCount, value);
    if (pending.crops() >= batching.maxCrops()) {
      flush();
    }
  }

  private void punctuate(long now) {
    if (!pending.isEmpty() && now - pending.oldestGatheredAt() >= batching.lingerMs()) {
      flush();
    }
  }

  /** Scores every pending FaceCrops record as one batch, then sends all pending outputs in arrival order. */
  private void flush() {
    long now = context.currentSystemTimeMs();
    List<PendingRecords.Entry> drained = pending.drain();
    List<CropBatchScorer.Gathered> gathered = new ArrayList<>();
    for (PendingRecords.Entry entry : drained) {
      if (entry.value() instanceof FaceCrops faceCrops) {
        long waited = Math.max(0, now - entry.gatheredAt());
        gathered.add(new CropBatchScorer.Gathered(faceCrops, waited));
        metrics.queueTime("classifier", models, Duration.ofMillis(waited));
      }
    }
    List<CropBatchScorer.Outcome> outcomes = crops.score(gathered);
    int next = 0;
    for (PendingRecords.Entry entry : drained) {
      if (entry.value() instanceof FaceCrops faceCrops) {
        emit(entry.key(), entry.timestamp(), faceCrops, outcomes.get(next++));
      } else {
        handle(entry.key(), entry.timestamp(), entry.value());
      }
    }
  }

  private void handle(String key, long timestamp, SpecificRecord value) {
    if (value instanceof CropManifest manifest) {
      context.forward(new Record<>(key, manifest, timestamp), ScoreTopology.SCORES_SINK);
    } else if (value instanceof FaceCrops faceCrops) {
      emit(key, timestamp, faceCrops, crops.score(List.of(CropBatchScorer.Gathered.onArrival(faceCrops))).get(0));
    } else if (value instanceof LandmarkSequences clip) {
      scoreSequences(key, timestamp, clip);
    }
  }

  private void emit(String key, long timestamp, FaceCrops faceCrops, CropBatchScorer.Outcome outcome) {
    for (CropBatchScorer.Problem problem : outcome.problems()) {
      // no made-up score for a failed batch: the verdict stage gives the video a TIMEOUT verdict with the reason
      LOG.warn("video {}: batch {}: {}", faceCrops.getVideoId(), faceCrops.getBatchIndex(), problem.message());
      context.forward(new Record<>(key, DeadLetters.of("score", problem.reason(), problem.message(), faceCrops.getVideoId(),
          faceCrops.getUri()), timestamp), ScoreTopology.DEAD_LETTER_SINK);
    }
    if (outcome.score() != null) {
      context.forward(new Record<>(key, outcome.score(), timestamp), ScoreTopology.SCORES_SINK);
    }
  }

  private void scoreSequences(String key, long timestamp, LandmarkSequences clip) {
    long started = System.nanoTime();
    SequenceScores scores;
    try {
      scores = sequences.score(clip, started);
    } catch (RuntimeException e) {
      // as for crops: no made-up score; the verdict stage's deadline gives the video its TIMEOUT verdict
      LOG.warn("video {}: clip {}: temporal scoring failed", clip.getVideoId(), clip.getClipIndex(), e);
      context.forward(new Record<>(key, DeadLetters.of("score", "INFERENCE_ERROR", e.toString(), clip.getVideoId(),
          clip.getUri()), timestamp), ScoreTopology.DEAD_LETTER_SINK);
      return;
    }
    if (!scores.getBlocks().isEmpty()) {
      metrics.inference("temporal", String.join("+", scores.getModels()), scores.getProvider(), scores.getBlocks().size(),
          Duration.ofNanos(System.nanoTime() - started));
    }
    context.forward(new Record<>(key, scores, timestamp), ScoreTopology.SCORES_SINK);
  }
}
