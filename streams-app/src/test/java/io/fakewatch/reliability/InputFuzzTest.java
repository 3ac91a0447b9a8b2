package io.fakewatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.app.StagePlan;
import io.fakewatch.app.StageRegistry;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.CropManifest;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.Status;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.kafka.KafkaClients;
import io.fakewatch.kafka.Topics;
import io.fakewatch.serde.VideoRequests;
import io.fakewatch.testing.PipelineTestSettings;
import io.fakewatch.testing.SharedData;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 random and mutated records on every stage's input topic, through the real topologies and their
 * configured error handlers: no exception escapes, and each stage still processes a good record after.
 */
class InputFuzzTest {
  private static final int RECORDS = 1000;

  @Test
  void noStageFallsOverOnGarbage(@TempDir Path dir) throws Exception {
    Map<String, String> values = new HashMap<>(PipelineTestSettings.forVideos(SharedData.videos()));
    values.put(IngestSettings.FILE_ROOTS, dir.toString()); // fuzzed URIs must not make ingest read real files
    FakeWatchConfig config = FakeWatchConfig.of(values);
    Topics topics = new Topics(config);
    Random random = new Random(20261124);
    byte[] request = topics.requests.valueSerde().serializer().serialize("t", VideoRequests.of("seed", "file:///x.mp4", Instant.now()));
    byte[] frames = topics.frames.valueSerde().serializer().serialize("t", FrameBatch.newBuilder().setVideoId("seed")
        .setUri("file:///x.mp4").setRequestedAt(Instant.now()).setBatchIndex(0).setLast(true).setStatus(Status.DECODE_ERROR).build());
    byte[] manifest = topics.crops.valueSerde().serializer().serialize("t", CropManifest.newBuilder().setVideoId("seed")
        .setUri("file:///x.mp4").setRequestedAt(Instant.now()).setStatus(Status.NO_FACES).build());
    Map<String, List<Object>> inputs = Map.of(
        "ingest", List.of(topics.requests.name(), request),
        "detect", List.of(topics.frames.name(), frames),
        "score", List.of(topics.crops.name(), manifest),
        "verdict", List.of(topics.scores.name(), manifest));
    for (var stage : StageRegistry.select("all")) {
      Properties props = new Properties();
      props.putAll(KafkaClients.streams(config, stage.name()));
      props.put("state.dir", dir.resolve(stage.name()).toString());
      try (StagePlan plan = stage.plan(config, topics);
           TopologyTestDriver driver = new TopologyTestDriver(plan.topology(), props)) {
        String topic = (String) inputs.get(stage.name()).get(0);
        byte[] valid = (byte[]) inputs.get(stage.name()).get(1);
        TestInputTopic<byte[], byte[]> in = driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
        for (int i = 0; i < RECORDS; i++) {
          in.pipeInput(("k" + (i % 7)).getBytes(), i % 2 == 0 ? noise(random) : mutate(valid, random));
        }
        String outTopic = stage.name().equals("verdict") ? topics.verdicts.name()
            : stage.name().equals("score") ? topics.scores.name()
            : stage.name().equals("detect") ? topics.crops.name() : topics.frames.name();
        var out = driver.createOutputTopic(outTopic, topics.requests.keySerde().deserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        out.readKeyValuesToList(); // whatever the garbage produced
        // still alive: a well-formed record after the garbage goes through, keyed as sent
        in.pipeInput("good".getBytes(), valid);
        assertThat(out.readKeyValuesToList()).as(stage.name() + " output for a good record after the fuzz")
            .extracting(kv -> kv.key).contains(stage.name().equals("ingest") ? "seed" : "good");
      }
    }
  }

  private static byte[] noise(Random random) {
    byte[] bytes = new byte[random.nextInt(200)];
    random.nextBytes(bytes);
    if (random.nextBoolean() && bytes.length > 10) {
      bytes[0] = (byte) 0xC3; // looks like single-object Avro, fingerprint random
      bytes[1] = 0x01;
    }
    return bytes;
  }

  private static byte[] mutate(byte[] valid, Random random) {
    byte[] bytes = valid.clone();
    int flips = 1 + random.nextInt(6);
    for (int i = 0; i < flips; i++) {
      int at = 10 + random.nextInt(Math.max(1, bytes.length - 10)); // keep the header: exercise the decoder
      bytes[Math.min(at, bytes.length - 1)] ^= (byte) (1 << random.nextInt(8));
    }
    return random.nextInt(10) == 0 ? java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length)) : bytes;
  }
}
