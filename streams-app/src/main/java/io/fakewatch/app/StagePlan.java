package io.fakewatch.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A stage ready to run: its topology and the native resources (sessions, models) to close after it. */
public record StagePlan(String stage, Topology topology, List<AutoCloseable> resources) implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StagePlan.class);

  public StagePlan {
    Objects.requireNonNull(stage);
    Objects.requireNonNull(topology);
    resources = List.copyOf(resources);
  }

  public StagePlan(String stage, Topology topology) {
    this(stage, topology, List.of());
  }

  @Override
  public void close() {
    List<AutoCloseable> reversed = new ArrayList<>(resources);
    java.util.Collections.reverse(reversed);
    for (AutoCloseable resource : reversed) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("stage {}: closing {} failed: {}", stage, resource, e.toString());
      }
    }
  }
}
