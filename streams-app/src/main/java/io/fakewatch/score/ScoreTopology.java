package io.fakewatch.score;

import io.fakewatch.events.ScorePending;
import io.fakewatch.kafka.Topics;
import io.fakewatch.metrics.FakeWatchMetrics;
import io.fakewatch.serde.EventSerde;
import io.fakewatch.temporal.SequenceClassifier;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * {@code face-crops} → {@code crop-scores}: the crops of FaceCrops records (one frame batch each) are
 * classified in batches — gathered across records and videos up to {@code score.batch.max} crops or
 * {@code score.batch.linger.ms} in a changelogged store ({@link ScoreProcessor}), or one record per batch
 * with gathering off — and each record becomes one CropScore; each LandmarkSequences record (one clip)
 * becomes one SequenceScores; a video's CropManifest is passed on after its scores, in partition order, so
 * the verdict stage sees it last.
 */
public final class ScoreTopology {
  static final String SOURCE = "score-read-crops";
  static final String PROCESS = "score-classify";
  static final String PENDING_STORE = "score-pending";
  static final String SCORES_SINK = "score-write-scores";
  static final String DEAD_LETTER_SINK = "score-write-dead-letters";

  private ScoreTopology() {}

  /** The frame classifier only, no gathering: sequences that arrive are answered with every track abstaining. */
  public static Topology build(Topics topics, CropClassifier classifier) {
    return build(topics, classifier, null);
  }

  /** No gathering (each record one batch), meters recorded nowhere: for tests of the scoring itself. */
  public static Topology build(Topics topics, CropClassifier classifier, SequenceClassifier sequences) {
    return build(topics, classifier, sequences, CropBatching.perRecord(Integer.MAX_VALUE), FakeWatchMetrics.isolated());
  }

  /**
   * @param sequences the temporal classifier, or null when it is off
   * @param metrics where batch size, queue time and inference latency are recorded
   */
  public static Topology build(Topics topics, CropClassifier classifier, SequenceClassifier sequences,
      CropBatching batching, FakeWatchMetrics metrics) {
    Topology topology = topics.crops.addSource(new Topology(), SOURCE);
    topology.addProcessor(PROCESS, () -> new ScoreProcessor(classifier, sequences, batching, metrics, topics.crops), SOURCE);
    if (batching.gathers()) {
      // a pending record is a whole FaceCrops record: the changelog must take the largest one the topic does
      topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE), Serdes.Long(),
              EventSerde.of(ScorePending.class))
          .withLoggingEnabled(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(topics.largestMessageBytes()))),
          PROCESS);
    }
    topics.scores.addSink(topology, SCORES_SINK, PROCESS);
    return topics.deadLetters.addSink(topology, DEAD_LETTER_SINK, PROCESS);
  }
}
