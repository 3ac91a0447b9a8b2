package io.fakewatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.Status;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.kafka.RequestPublisher;
import io.fakewatch.kafka.Topics;
import io.fakewatch.testing.KafkaTestCluster;
import io.fakewatch.testing.PipelineTestSettings;
import io.fakewatch.testing.SharedData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Horizontal scale: two instances of every stage share 4 partitions per topic; one instance stops midway
 * and the other takes its partitions over. Every request still gets exactly one committed verdict.
 */
class ScaleOutIT {
  @RegisterExtension
  static final KafkaTestCluster.PerClass KAFKA = KafkaTestCluster.perClass();

  @Test
  void everyRequestGetsExactlyOneVerdictWhenAnInstanceStopsMidway(@TempDir Path stateA, @TempDir Path stateB)
      throws Exception {
    Map<String, String> settings = new HashMap<>(PipelineTestSettings.forVideos(SharedData.videos()));
    settings.put(ConfigKeys.TOPIC_PARTITIONS, "4");
    FakeWatchConfig config = KAFKA.config(settings);
    Topics topics = new Topics(config);
    List<Path> videos = SharedData.allVideos().subList(0, 6);

    List<String> ids = new ArrayList<>();
    StageRunner a = StageRunner.start(config.with(ConfigKeys.STATE_DIR, stateA), StageRegistry.select("all"), Duration.ofMinutes(2));
    StageRunner b = StageRunner.start(config.with(ConfigKeys.STATE_DIR, stateB), StageRegistry.select("all"), Duration.ofMinutes(2));
    try (RequestPublisher publisher = new RequestPublisher(config)) {
      for (Path video : videos) {
        VideoRequest request = publisher.submit(null, video.toUri().toString());
        ids.add(request.getVideoId());
      }
      // a request that goes nowhere good still counts: it must get its one verdict too
      ids.add(publisher.submit("missing-file", SharedData.videos().resolve("no-such.mp4").toUri().toString()).getVideoId());
      // let both instances get going, then stop one of them midway
      List<ConsumerRecord<String, VideoVerdict>> early = KAFKA.cluster().read(config, topics.verdicts.name(),
          topics.verdicts.valueSerde().deserializer(), 2, Duration.ofMinutes(3));
      assertThat(early).as("some verdicts before the stop").isNotEmpty();
    } finally {
      // stop one instance midway; instance a takes its partitions over
      b.close();
    }
    try {
      Map<String, List<VideoVerdict>> byId = KAFKA.cluster().verdictsById(config, ids.size(), Duration.ofMinutes(6));
      assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(byId.values()).allSatisfy(list -> assertThat(list).hasSize(1));
      assertThat(byId.get("missing-file").get(0).getStatus()).isEqualTo(Status.FETCH_ERROR);
      assertThat(ids.subList(0, videos.size())).allSatisfy(id ->
          assertThat(byId.get(id).get(0).getStatus()).as(id).isIn(Status.OK, Status.NO_FACES));
    } finally {
      a.close();
    }
  }
}
