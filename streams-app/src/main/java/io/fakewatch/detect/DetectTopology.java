package io.fakewatch.detect;

import io.fakewatch.events.DetectState;
import io.fakewatch.kafka.Topics;
import io.fakewatch.serde.EventSerde;
import io.fakewatch.temporal.ClipSequencer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * {@code video-frames} → {@code face-crops} (FaceCrops per frame batch, LandmarkSequences per clip, a
 * CropManifest per video) + dead letters.
 */
public final class DetectTopology {
  public static final String STORE = "detect-tracks";
  static final String SOURCE = "detect-read-frames";
  static final String PROCESS = "detect-faces";
  static final String CROPS_SINK = "detect-write-crops";
  static final String DEAD_LETTER_SINK = "detect-write-dead-letters";

  private DetectTopology() {}

  /** The frame path only: clips that arrive get a record saying the temporal path is off. */
  public static Topology build(DetectSettings settings, Topics topics, FaceDetector detector) {
    return build(settings, topics, detector, null);
  }

  /** @param sequencer the temporal path's landmark sequencer, or null when it is off */
  public static Topology build(DetectSettings settings, Topics topics, FaceDetector detector, ClipSequencer sequencer) {
    Topology topology = topics.frames.addSource(new Topology(), SOURCE);
    topology.addProcessor(PROCESS, () -> new DetectProcessor(settings, detector, sequencer), SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
        EventSerde.of(DetectState.class)), PROCESS);
    topics.crops.addSink(topology, CROPS_SINK, PROCESS);
    return topics.deadLetters.addSink(topology, DEAD_LETTER_SINK, PROCESS);
  }
}
