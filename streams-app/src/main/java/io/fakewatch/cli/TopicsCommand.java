package io.fakewatch.cli;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.kafka.KafkaClients;
import io.fakewatch.kafka.TopicProvisioner;
import io.fakewatch.kafka.Topics;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "Create every FakeWatch topic that is missing on a cluster, with its partitions, retention and max.message.bytes.")
final class TopicsCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    FakeWatchConfig config = options.load();
    List<NewTopic> wanted = new Topics(config).newTopics();
    List<String> created = TopicProvisioner.provision(KafkaClients.admin(config), wanted);
    for (NewTopic topic : wanted) {
      System.out.printf("%-16s %s partitions=%d max.message.bytes=%s%n", topic.name(),
          created.contains(topic.name()) ? "created " : "present ", topic.numPartitions(),
          topic.configs().get("max.message.bytes"));
    }
    return 0;
  }
}
