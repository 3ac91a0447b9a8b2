package io.fakewatch.bench;

import io.fakewatch.app.StageFactory;
import io.fakewatch.app.StagePlan;
import io.fakewatch.app.StageRegistry;
import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.kafka.Topics;
import io.fakewatch.score.CropBatching;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The four stages' real topologies chained in this thread with no broker (TopologyTestDriver), passing
 * each stage's output bytes to the next: the same stage code as the pipeline, minus Kafka. It times
 * each stage separately, which gives every stage's own rate in the same run.
 */
public final class InProcessChain implements AutoCloseable {
  private final Topics topics;
  private final Map<String, TopologyTestDriver> drivers = new LinkedHashMap<>();
  private final List<StagePlan> plans = new ArrayList<>();
  private final Duration scoreLinger;

  public InProcessChain(FakeWatchConfig config) throws Exception {
    this.topics = new Topics(config);
    this.scoreLinger = Duration.ofMillis(CropBatching.from(config).lingerMs());
    Properties props = new Properties();
    props.put("state.dir", config.getString("state.dir") + "/in-process");
    for (StageFactory stage : StageRegistry.select("all")) {
      StagePlan plan = stage.plan(config, topics);
      plans.add(plan);
      Properties stageProps = new Properties();
      stageProps.putAll(props);
      stageProps.put("application.id", "bench-" + stage.name());
      drivers.put(stage.name(), new TopologyTestDriver(plan.topology(), stageProps));
    }
  }

  /** Runs the requests through every stage in turn; returns milliseconds spent per stage. */
  public Map<String, Double> run(List<VideoRequest> requests) {
    byte[][] requestBytes = new byte[requests.size()][];
    List<KeyValue<byte[], byte[]>> batch = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      requestBytes[i] = topics.requests.valueSerde().serializer().serialize(topics.requests.name(), requests.get(i));
      batch.add(KeyValue.pair(requests.get(i).getVideoId().getBytes(), requestBytes[i]));
    }
    Map<String, Double> millis = new LinkedHashMap<>();
    // verdict also reads the requests (they start each video's deadline)
    pipe("verdict", topics.requests.name(), batch);
    List<KeyValue<byte[], byte[]>> frames = timed(millis, "ingest", topics.requests.name(), batch, topics.frames.name());
    List<KeyValue<byte[], byte[]>> crops = timed(millis, "detect", topics.frames.name(), frames, topics.crops.name());
    List<KeyValue<byte[], byte[]>> scores = timed(millis, "score", topics.crops.name(), crops, topics.scores.name());
    List<KeyValue<byte[], byte[]>> verdicts = timed(millis, "verdict", topics.scores.name(), scores, topics.verdicts.name());
    if (verdicts.size() != requests.size()) {
      throw new IllegalStateException("in-process chain produced " + verdicts.size() + " verdicts for " + requests.size() + " requests");
    }
    return millis;
  }

  private List<KeyValue<byte[], byte[]>> timed(Map<String, Double> millis, String stage, String in,
      List<KeyValue<byte[], byte[]>> records, String out) {
    long start = System.nanoTime();
    pipe(stage, in, records);
    if (stage.equals("score")) {
      // the driver's clock is a mock: let the batching punctuator flush what the last records left pending
      drivers.get(stage).advanceWallClockTime(scoreLinger);
    }
    TestOutputTopic<byte[], byte[]> output = drivers.get(stage).createOutputTopic(out, new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    List<KeyValue<byte[], byte[]>> result = output.readKeyValuesToList();
    millis.put(stage, (System.nanoTime() - start) / 1e6);
    return result;
  }

  private void pipe(String stage, String topic, List<KeyValue<byte[], byte[]>> records) {
    TestInputTopic<byte[], byte[]> input = drivers.get(stage).createInputTopic(topic, new ByteArraySerializer(),
        new ByteArraySerializer());
    input.pipeKeyValueList(records);
  }

  @Override
  public void close() {
    drivers.values().forEach(TopologyTestDriver::close);
    plans.forEach(StagePlan::close);
  }
}
