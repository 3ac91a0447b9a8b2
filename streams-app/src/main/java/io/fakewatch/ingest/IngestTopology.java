package io.fakewatch.ingest;

import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.kafka.Topics;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** {@code video-requests} → {@code video-frames} (+ {@code dead-letters}). Stateless. */
public final class IngestTopology {
  static final String SOURCE = "ingest-read-requests";
  static final String PROCESS = "ingest-fetch-decode";
  static final String FRAMES_SINK = "ingest-write-frames";
  static final String DEAD_LETTER_SINK = "ingest-write-dead-letters";

  private IngestTopology() {}

  public static Topology build(Topics topics, VideoIngestor ingestor) {
    Topology topology = topics.requests.addSource(new Topology(), SOURCE);
    topology.addProcessor(PROCESS, () -> new IngestProcessor(ingestor), SOURCE);
    topics.frames.addSink(topology, FRAMES_SINK, PROCESS);
    return topics.deadLetters.addSink(topology, DEAD_LETTER_SINK, PROCESS);
  }

  private static final class IngestProcessor implements Processor<String, VideoRequest, String, Object> {
    private final VideoIngestor ingestor;
    private ProcessorContext<String, Object> context;

    IngestProcessor(VideoIngestor ingestor) {
      this.ingestor = ingestor;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, VideoRequest> record) {
      VideoRequest request = record.value();
      if (request == null) {
        return;
      }
      // key by videoId whatever the producer used as key, so every later event of the video shares a partition
      String videoId = request.getVideoId();
      VideoIngestor.Outcome outcome = ingestor.ingest(request);
      for (FrameBatch batch : outcome.batches()) {
        context.forward(new Record<String, Object>(videoId, batch, record.timestamp()), FRAMES_SINK);
      }
      if (outcome.deadLetter() != null) {
        context.forward(new Record<String, Object>(videoId, outcome.deadLetter(), record.timestamp()), DEAD_LETTER_SINK);
      }
    }
  }
}
