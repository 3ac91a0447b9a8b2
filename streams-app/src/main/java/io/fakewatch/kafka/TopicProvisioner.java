package io.fakewatch.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates every FakeWatch topic that does not exist yet; existing topics are left as they are. */
public final class TopicProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

  private TopicProvisioner() {}

  /** Returns the names of the topics it created. */
  public static List<String> provision(Map<String, Object> adminConfig, List<NewTopic> wanted)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = Admin.create(adminConfig)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (NewTopic topic : wanted) {
        if (!existing.contains(topic.name())) {
          missing.add(topic);
        }
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
      }
      List<String> present = wanted.stream().map(NewTopic::name).filter(existing::contains).toList();
      if (!present.isEmpty()) {
        Map<String, TopicDescription> described = admin.describeTopics(present).allTopicNames().get(30, TimeUnit.SECONDS);
        for (NewTopic topic : wanted) {
          TopicDescription d = described.get(topic.name());
          if (d != null && d.partitions().size() != topic.numPartitions()) {
            LOG.warn("topic {} exists with {} partitions, config asks for {}; left unchanged",
                topic.name(), d.partitions().size(), topic.numPartitions());
          }
        }
      }
      List<String> created = missing.stream().map(NewTopic::name).toList();
      LOG.info("topics created: {}; already present: {}", created, present);
      return created;
    }
  }
}
