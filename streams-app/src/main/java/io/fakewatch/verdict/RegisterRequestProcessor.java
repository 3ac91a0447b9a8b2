package io.fakewatch.verdict;

import io.fakewatch.events.VerdictState;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.events.VideoVerdict;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Notes each request as it arrives: its deadline starts now, whatever happens upstream. */
final class RegisterRequestProcessor implements Processor<String, VideoRequest, String, VideoVerdict> {
  private static final Logger LOG = LoggerFactory.getLogger(RegisterRequestProcessor.class);
  private ProcessorContext<String, VideoVerdict> context;
  private KeyValueStore<String, VerdictState> store;

  @Override
  public void init(ProcessorContext<String, VideoVerdict> context) {
    this.context = context;
    this.store = context.getStateStore(VerdictTopology.STORE);
  }

  @Override
  public void process(Record<String, VideoRequest> record) {
    VideoRequest request = record.value();
    if (request == null) {
      return;
    }
    String videoId = request.getVideoId();
    VerdictState existing = store.get(videoId);
    if (existing != null) {
      // Scores may already be here (this stage lagged on requests), or it is a re-submission of an id in flight.
      if (existing.getUri().isEmpty()) {
        existing.setUri(request.getUri());
        existing.setRequestedAt(request.getRequestedAt());
        store.put(videoId, existing);
      } else {
        LOG.info("video {}: request seen again while its verdict is pending or recent; one verdict per videoId", videoId);
      }
      return;
    }
    store.put(videoId, AggregateScoresProcessor.newState(videoId, request.getUri(), request.getRequestedAt(),
        context.currentSystemTimeMs()));
  }
}
