package io.fakewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.DeadLetter;
import io.fakewatch.events.Frame;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.Status;
import io.fakewatch.kafka.KafkaClients;
import io.fakewatch.kafka.Topics;
import io.fakewatch.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTopologyTest {
  @Test
  void goodAndBadRequestsEachEndWithExactlyOneLastBatch(@TempDir Path dir) throws Exception {
    Path noise = Files.write(dir.resolve("noise.mp4"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    FakeWatchConfig config = FakeWatchConfig.of(Map.of(IngestSettings.FILE_ROOTS, SharedData.videos() + "," + dir,
        IngestSettings.FRAMES_PER_BATCH, "8"));
    Topics topics = new Topics(config);
    Properties props = new Properties();
    props.putAll(KafkaClients.streams(config, "ingest"));
    props.put("state.dir", dir.resolve("state").toString());
    try (FetchDecodeIngestor ingestor = new FetchDecodeIngestor(IngestSettings.from(config));
         TopologyTestDriver driver = new TopologyTestDriver(IngestTopology.build(topics, ingestor), props)) {
      TestInputTopic<String, byte[]> requests = driver.createInputTopic(topics.requests.name(), new StringSerializer(),
          new ByteArraySerializer());
      String good = SharedData.video("Deepfakes_c23_519_515.mp4").toUri().toString();
      requests.pipeInput("ignored-key", ("{\"videoId\": \"good-1\", \"uri\": \"" + good + "\"}").getBytes(StandardCharsets.UTF_8));
      requests.pipeInput(null, noise.toUri().toString().getBytes(StandardCharsets.UTF_8));
      requests.pipeInput("junk", new byte[] {0x13, 0x37, 0x00});
      requests.pipeInput(null, SharedData.video("orig_youtube_c23_004.mp4").toString().getBytes(StandardCharsets.UTF_8));

      List<KeyValue<String, FrameBatch>> batches = driver.createOutputTopic(topics.frames.name(),
          topics.frames.keySerde().deserializer(), topics.frames.valueSerde().deserializer()).readKeyValuesToList();
      Map<String, List<FrameBatch>> byVideo = batches.stream().collect(Collectors.groupingBy(kv -> kv.key,
          Collectors.mapping(kv -> kv.value, Collectors.toList())));
      assertThat(byVideo).hasSize(3);
      byVideo.forEach((id, list) -> assertThat(list.stream().filter(FrameBatch::getLast)).as(id).hasSize(1));

      List<FrameBatch> first = byVideo.get("good-1");
      // 32 sparse frames in 4 batches of 8, and 4 clips of 30 consecutive frames, in frame order
      List<FrameBatch> sparse = first.stream().filter(b -> b.getClipIndex() < 0).toList();
      List<FrameBatch> clips = first.stream().filter(b -> b.getClipIndex() >= 0).toList();
      assertThat(sparse).hasSize(4).allSatisfy(b -> assertThat(b.getFrames()).hasSize(8));
      assertThat(clips).hasSize(4).extracting(FrameBatch::getClipIndex).containsExactly(0, 1, 2, 3);
      int previousEnd = -1;
      for (FrameBatch clip : clips) {
        List<Integer> indexes = clip.getFrames().stream().map(Frame::getIndex).toList();
        assertThat(indexes).hasSize(30);
        assertThat(indexes.get(29) - indexes.get(0)).isEqualTo(29); // consecutive decoded frames
        assertThat(indexes.get(0)).isGreaterThan(previousEnd); // no overlap
        previousEnd = indexes.get(29);
      }
      // the 751-frame video: the first clip starts at frame 0, the last ends at its last frame
      assertThat(clips.get(0).getFrames().get(0).getIndex()).isZero();
      assertThat(clips.get(3).getFrames().get(29).getIndex()).isEqualTo(750);
      for (int i = 1; i < first.size(); i++) {
        assertThat(first.get(i).getFrames().get(0).getIndex())
            .isGreaterThanOrEqualTo(first.get(i - 1).getFrames().get(0).getIndex());
        assertThat(first.get(i).getBatchIndex()).isEqualTo(i);
      }
      FrameBatch last = first.get(first.size() - 1);
      assertThat(last.getLast()).isTrue();
      assertThat(last.getClips()).isEqualTo(4);
      assertThat(last.getSampledFrames()).isEqualTo(32);
      assertThat(last.getVideo().getWidth()).isEqualTo(640);
      assertThat(last.getVideo().getCodec()).isEqualTo("h264");
      assertThat(last.getTimings()).containsKey("ingest");

      List<FrameBatch> broken = byVideo.values().stream().filter(l -> l.get(0).getStatus() != Status.OK).findFirst().orElseThrow();
      assertThat(broken).hasSize(1);
      assertThat(broken.get(0).getStatus()).isEqualTo(Status.DECODE_ERROR);

      List<DeadLetter> letters = driver.createOutputTopic(topics.deadLetters.name(), topics.deadLetters.keySerde().deserializer(),
          topics.deadLetters.valueSerde().deserializer()).readValuesToList();
      // the undeserializable record is skipped (its dead letter is checked on a real broker in IngestStageIT)
      assertThat(letters).extracting(DeadLetter::getReason).containsExactly("NOT_A_VIDEO");
    }
  }
}
