package io.fakewatch.cli;

import io.fakewatch.events.VideoRequest;
import io.fakewatch.kafka.RequestPublisher;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "submit", mixinStandardHelpOptions = true,
    description = "Publish one request per URI to the requests topic (an absolute path is taken as a file: URI).")
final class SubmitCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--id", paramLabel = "VIDEO_ID", description = "videoId of the (single) request; default: a stable hash of the URI")
  String videoId;

  @Parameters(arity = "1..*", paramLabel = "URI")
  List<String> uris;

  @Override
  public Integer call() throws Exception {
    if (videoId != null && uris.size() > 1) {
      throw new IllegalArgumentException("--id names one request, but " + uris.size() + " URIs were given");
    }
    try (RequestPublisher publisher = new RequestPublisher(options.load())) {
      for (String uri : uris) {
        VideoRequest request = publisher.submit(videoId, uri);
        System.out.println(request.getVideoId() + "\t" + request.getUri());
      }
    }
    return 0;
  }
}
