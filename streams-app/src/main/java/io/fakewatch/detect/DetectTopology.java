package io.fakewatch.detect;

import io.fakewatch.events.DetectState;
import io.fakewatch.kafka.Topics;
import io.fakewatch.serde.EventSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/** {@code video-frames} → {@code face-crops} (FaceCrops per batch, a CropManifest per video) + dead letters. */
public final class DetectTopology {
  public static final String STORE = "detect-tracks";
  static final String SOURCE = "detect-read-frames";
  static final String PROCESS = "detect-faces";
  static final String CROPS_SINK = "detect-write-crops";
  static final String DEAD_LETTER_SINK = "detect-write-dead-letters";

  private DetectTopology() {}

  public static Topology build(DetectSettings settings, Topics topics, FaceDetector detector) {
    Topology topology = topics.frames.addSource(new Topology(), SOURCE);
    topology.addProcessor(PROCESS, () -> new DetectProcessor(settings, detector), SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
        EventSerde.of(DetectState.class)), PROCESS);
    topics.crops.addSink(topology, CROPS_SINK, PROCESS);
    return topics.deadLetters.addSink(topology, DEAD_LETTER_SINK, PROCESS);
  }
}
