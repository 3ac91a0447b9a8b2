package io.fakewatch.kafka;

import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.CropManifest;
import io.fakewatch.events.CropScore;
import io.fakewatch.events.DeadLetter;
import io.fakewatch.events.FaceCrops;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.LandmarkSequences;
import io.fakewatch.events.SequenceScores;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.serde.EventSerde;
import io.fakewatch.serde.SchemaCatalog;
import io.fakewatch.serde.VerdictSerde;
import io.fakewatch.serde.VideoRequestSerde;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every FakeWatch topic, typed. Keys are videoIds everywhere, so all events of a video share a partition.
 * face-crops carries FaceCrops (frame batches) and LandmarkSequences (clips), then one CropManifest per
 * video; crop-scores carries CropScore and SequenceScores, then the manifest that score passes on after the
 * video's last scores.
 */
public final class Topics {
  private final FakeWatchConfig config;
  public final TopicSpec<String, VideoRequest> requests;
  public final TopicSpec<String, FrameBatch> frames;
  public final TopicSpec<String, SpecificRecord> crops;
  public final TopicSpec<String, SpecificRecord> scores;
  public final TopicSpec<String, VideoVerdict> verdicts;
  public final TopicSpec<String, DeadLetter> deadLetters;

  public Topics(FakeWatchConfig config) {
    this.config = config;
    String schemaDir = config.getString(ConfigKeys.SCHEMA_DIR);
    SchemaCatalog catalog = schemaDir.isBlank() ? SchemaCatalog.shipped() : SchemaCatalog.withExtraSchemas(Path.of(schemaDir));
    Serde<String> key = Serdes.String();
    requests = new TopicSpec<>(config.getString(ConfigKeys.TOPIC_REQUESTS), key, new VideoRequestSerde(catalog));
    frames = new TopicSpec<>(config.getString(ConfigKeys.TOPIC_FRAMES), key, EventSerde.of(FrameBatch.class, catalog));
    crops = new TopicSpec<>(config.getString(ConfigKeys.TOPIC_CROPS), key,
        EventSerde.ofAny(catalog, FaceCrops.class, LandmarkSequences.class, CropManifest.class));
    scores = new TopicSpec<>(config.getString(ConfigKeys.TOPIC_SCORES), key,
        EventSerde.ofAny(catalog, CropScore.class, SequenceScores.class, CropManifest.class));
    verdicts = new TopicSpec<>(config.getString(ConfigKeys.TOPIC_VERDICTS), key,
        new VerdictSerde(VerdictSerde.Format.parse(config.getString(ConfigKeys.VERDICTS_FORMAT)), catalog));
    deadLetters = new TopicSpec<>(config.getString(ConfigKeys.TOPIC_DEAD_LETTERS), key,
        EventSerde.of(DeadLetter.class, catalog));
  }

  /** What the provisioner creates: partitions, retention and the message size each topic needs. */
  public List<NewTopic> newTopics() {
    int partitions = config.getInt(ConfigKeys.TOPIC_PARTITIONS);
    short replication = config.getShort(ConfigKeys.TOPIC_REPLICATION);
    String retention = String.valueOf(config.getLong(ConfigKeys.TOPIC_RETENTION_MS));
    int defaultBytes = 1024 * 1024;
    return List.of(
        topic(requests.name(), partitions, replication, retention, defaultBytes),
        topic(frames.name(), partitions, replication, retention, config.getInt(ConfigKeys.FRAMES_MAX_MESSAGE_BYTES)),
        topic(crops.name(), partitions, replication, retention, config.getInt(ConfigKeys.CROPS_MAX_MESSAGE_BYTES)),
        topic(scores.name(), partitions, replication, retention, defaultBytes),
        topic(verdicts.name(), partitions, replication, retention, defaultBytes),
        // dead letters keep the offending payload for replay: as large as the largest input
        topic(deadLetters.name(), partitions, replication, retention,
            config.getInt(ConfigKeys.FRAMES_MAX_MESSAGE_BYTES)));
  }

  /** The largest record any stage may produce: producers and consumers are sized to it. */
  public int largestMessageBytes() {
    return Math.max(config.getInt(ConfigKeys.FRAMES_MAX_MESSAGE_BYTES), config.getInt(ConfigKeys.CROPS_MAX_MESSAGE_BYTES));
  }

  private static NewTopic topic(String name, int partitions, short replication, String retentionMs, int maxBytes) {
    return new NewTopic(name, partitions, replication).configs(Map.of(
        TopicConfig.RETENTION_MS_CONFIG, retentionMs,
        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(maxBytes)));
  }
}
