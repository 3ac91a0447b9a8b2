package io.fakewatch.score;

import io.fakewatch.events.CropManifest;
import io.fakewatch.events.CropScore;
import io.fakewatch.events.FaceCrop;
import io.fakewatch.events.FaceCrops;
import io.fakewatch.events.LandmarkSequences;
import io.fakewatch.events.ScoredCrop;
import io.fakewatch.events.SequenceScores;
import io.fakewatch.temporal.SequenceClassifier;
import io.fakewatch.kafka.DeadLetters;
import io.fakewatch.metrics.FakeWatchMetrics;
import io.fakewatch.kafka.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code face-crops} → {@code crop-scores}: each FaceCrops record (the crops of one frame batch) is one
 * classifier batch and becomes one CropScore; each LandmarkSequences record (one clip) becomes one
 * SequenceScores; a video's CropManifest is passed on after its scores, in partition order, so the verdict
 * stage sees it last.
 */
public final class ScoreTopology {
  static final String SOURCE = "score-read-crops";
  static final String PROCESS = "score-classify";
  static final String SCORES_SINK = "score-write-scores";
  static final String DEAD_LETTER_SINK = "score-write-dead-letters";

  private ScoreTopology() {}

  /** The frame classifier only: sequences that arrive are answered with every track abstaining. */
  public static Topology build(Topics topics, CropClassifier classifier) {
    return build(topics, classifier, null);
  }

  /** @param sequences the temporal classifier, or null when it is off */
  public static Topology build(Topics topics, CropClassifier classifier, SequenceClassifier sequences) {
    Topology topology = topics.crops.addSource(new Topology(), SOURCE);
    topology.addProcessor(PROCESS, () -> new ScoreProcessor(classifier, sequences), SOURCE);
    topics.scores.addSink(topology, SCORES_SINK, PROCESS);
    return topics.deadLetters.addSink(topology, DEAD_LETTER_SINK, PROCESS);
  }

  private static final class ScoreProcessor implements Processor<String, SpecificRecord, String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreProcessor.class);
    private final CropClassifier classifier;
    private final SequenceScoring sequences;
    private ProcessorContext<String, Object> context;

    ScoreProcessor(CropClassifier classifier, SequenceClassifier sequences) {
      this.classifier = classifier;
      this.sequences = new SequenceScoring(sequences);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
      if (record.value() instanceof CropManifest manifest) {
        context.forward(record.withValue(manifest), SCORES_SINK);
      } else if (record.value() instanceof FaceCrops crops) {
        score(record, crops);
      } else if (record.value() instanceof LandmarkSequences clip) {
        scoreSequences(record, clip);
      }
    }

    private void scoreSequences(Record<String, SpecificRecord> record, LandmarkSequences clip) {
      long started = System.nanoTime();
      SequenceScores scores;
      try {
        scores = sequences.score(clip, started);
      } catch (RuntimeException e) {
        // as for crops: no made-up score; the verdict stage's deadline gives the video its TIMEOUT verdict
        LOG.warn("video {}: clip {}: temporal scoring failed", clip.getVideoId(), clip.getClipIndex(), e);
        context.forward(record.withValue(DeadLetters.of("score", "INFERENCE_ERROR", e.toString(), clip.getVideoId(),
            clip.getUri())), DEAD_LETTER_SINK);
        return;
      }
      java.time.Duration spent = java.time.Duration.ofNanos(System.nanoTime() - started);
      if (!scores.getBlocks().isEmpty()) {
        FakeWatchMetrics.global().inference("temporal", String.join("+", scores.getModels()), scores.getProvider(),
            scores.getBlocks().size(), spent);
      }
      context.forward(record.withValue(scores), SCORES_SINK);
    }

    private void score(Record<String, SpecificRecord> record, FaceCrops crops) {
      long started = System.nanoTime();
      List<byte[]> jpegs = new ArrayList<>();
      for (FaceCrop crop : crops.getCrops()) {
        jpegs.add(io.fakewatch.media.Jpeg.bytes(crop.getJpeg()));
      }
      float[] logits;
      float[][] perModel;
      try {
        CropClassifier.Scores result = classifier.scores(jpegs);
        logits = result.ensemble();
        perModel = result.perModel();
      } catch (OnnxCropClassifier.ClassifierException e) {
        // no score: the verdict stage gives the video a TIMEOUT verdict with the reason, rather than a made-up one
        deadLetter(record, crops, "INFERENCE_ERROR", e.getMessage());
        return;
      }
      List<ScoredCrop> scores = new ArrayList<>();
      for (int i = 0; i < logits.length; i++) {
        FaceCrop crop = crops.getCrops().get(i);
        float logit = logits[i];
        if (Float.isNaN(logit)) {
          // counted as scored (so the video completes) but neutral, and reported
          deadLetter(record, crops, "MALFORMED_CROP", "crop of frame " + crop.getFrameIndex() + " is not a decodable JPEG");
          logit = 0f;
        }
        scores.add(ScoredCrop.newBuilder().setFrameIndex(crop.getFrameIndex()).setTrackId(crop.getTrackId()).setFakeLogit(logit)
            .setFakeProbability((float) Logits.sigmoid(logit)).setTimestampMicros(crop.getTimestampMicros())
            .setModelLogits(Float.isNaN(logits[i]) ? List.of() : boxed(perModel[i])).setThumbnail(crop.getThumbnail()).build());
      }
      Map<String, Long> timings = new HashMap<>(crops.getTimings());
      java.time.Duration spent = java.time.Duration.ofNanos(System.nanoTime() - started);
      timings.put("score", spent.toMillis());
      FakeWatchMetrics.global().stageLatency("score", spent);
      FakeWatchMetrics.global().inference("classifier", String.join("+", classifier.modelIds()), classifier.provider(),
          jpegs.size(), spent);
      context.forward(record.withValue(CropScore.newBuilder().setVideoId(crops.getVideoId()).setRequestedAt(crops.getRequestedAt())
          .setBatchIndex(crops.getBatchIndex()).setScores(scores).setModels(classifier.modelIds())
          .setProvider(classifier.provider()).setTimings(timings).build()), SCORES_SINK);
    }

    private static List<Float> boxed(float[] values) {
      List<Float> out = new ArrayList<>(values.length);
      for (float v : values) {
        out.add(v);
      }
      return out;
    }

    private void deadLetter(Record<String, SpecificRecord> record, FaceCrops crops, String reason, String message) {
      LOG.warn("video {}: batch {}: {}", crops.getVideoId(), crops.getBatchIndex(), message);
      context.forward(record.withValue(DeadLetters.of("score", reason, message, crops.getVideoId(), crops.getUri())),
          DEAD_LETTER_SINK);
    }
  }
}
