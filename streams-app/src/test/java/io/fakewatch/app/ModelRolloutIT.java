package io.fakewatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.config.ConfigKeys;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.kafka.RequestPublisher;
import io.fakewatch.kafka.Topics;
import io.fakewatch.score.ScoreSettings;
import io.fakewatch.score.ScoreStage;
import io.fakewatch.testing.KafkaTestCluster;
import io.fakewatch.testing.PipelineTestSettings;
import io.fakewatch.testing.SharedData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling a new classifier version: the scorer is restarted mid-stream with another manifest entry while
 * requests are in flight. No request is lost or doubled, and verdicts name the classifier that scored them.
 */
class ModelRolloutIT {
  @RegisterExtension
  static final KafkaTestCluster.PerClass KAFKA = KafkaTestCluster.perClass();

  @Test
  void aScorerRestartedWithANewModelLosesNoRequest(@TempDir Path stages, @TempDir Path v1, @TempDir Path v2) throws Exception {
    FakeWatchConfig config = KAFKA.config(PipelineTestSettings.forVideos(SharedData.videos()));
    Topics topics = new Topics(config);
    List<String> ids = new ArrayList<>();
    try (StageRunner rest = StageRunner.start(config.with(ConfigKeys.STATE_DIR, stages),
        StageRegistry.select("ingest,detect,verdict"), Duration.ofMinutes(2))) {
      StageRunner scorerV1 = StageRunner.start(config.with(Map.of(ConfigKeys.STATE_DIR, v1.toString(),
          ScoreSettings.MODELS, "meso4_df")), List.of(new ScoreStage()), Duration.ofMinutes(2));
      List<Path> videos = SharedData.allVideos();
      try (RequestPublisher publisher = new RequestPublisher(config)) {
        for (Path video : videos.subList(0, 3)) {
          ids.add(publisher.submit(null, video.toUri().toString()).getVideoId());
        }
        KAFKA.cluster().read(config, topics.verdicts.name(), topics.verdicts.valueSerde().deserializer(), 1,
            Duration.ofMinutes(3));
      } finally {
        scorerV1.close(); // the rolling restart: the old scorer leaves cleanly, the new one takes over
      }
      // requests keep coming during the roll; these can only be scored by the new version
      try (RequestPublisher publisher = new RequestPublisher(config)) {
        for (Path video : videos.subList(3, 5)) {
          ids.add(publisher.submit(null, video.toUri().toString()).getVideoId());
        }
      }
      try (StageRunner scorerV2 = StageRunner.start(config.with(Map.of(ConfigKeys.STATE_DIR, v2.toString(),
          ScoreSettings.MODELS, "meso4_f2f")), List.of(new ScoreStage()), Duration.ofMinutes(2))) {
        Map<String, List<VideoVerdict>> byId = KAFKA.cluster().verdictsById(config, ids.size(), Duration.ofMinutes(5));
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(byId.values()).allSatisfy(v -> assertThat(v).hasSize(1));
        List<String> models = byId.values().stream().flatMap(v -> v.get(0).getModels().stream()).toList();
        assertThat(models).contains("meso4_df@2018-keras", "meso4_f2f@2018-keras");
      }
    }
  }
}
