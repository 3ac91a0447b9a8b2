package io.fakewatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An SVG bar chart of where a video's time goes: one stacked bar of each stage's milliseconds per video
 * (the in-process chain, every stage alone on the machine), and one bar of the wall time per video through
 * Kafka with all stages sharing the machine. Made from the benchmark's own rows, so it is never stale.
 */
public final class StageSplitChart {
  public static final String STAGE_ROW_PREFIX = "pipeline.stage_ms_per_video.";
  private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2"};
  private static final int WIDTH = 760;
  private static final int LEFT = 190;
  private static final int BAR = 34;

  private StageSplitChart() {}

  /** Writes the chart; returns false (and writes nothing) when the rows hold no per-stage figures. */
  public static boolean write(List<BenchRow> rows, Path file) throws IOException {
    Map<String, Double> stages = new LinkedHashMap<>();
    double kafkaVideosPerSecond = 0;
    for (BenchRow row : rows) {
      if (row.name().startsWith(STAGE_ROW_PREFIX)) {
        stages.put(row.name().substring(STAGE_ROW_PREFIX.length()), row.value());
      } else if (row.name().equals("pipeline.videos_per_s")) {
        kafkaVideosPerSecond = row.value();
      }
    }
    if (stages.isEmpty()) {
      return false;
    }
    double chain = stages.values().stream().mapToDouble(Double::doubleValue).sum();
    double kafka = kafkaVideosPerSecond > 0 ? 1000 / kafkaVideosPerSecond : 0;
    double scale = (WIDTH - LEFT - 30) / Math.max(chain, kafka);
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
        WIDTH, 200));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append("<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">Where a video's time goes (ms per video, fakewatch bench all)</text>\n");
    label(svg, 60, "stages alone, in turn");
    double x = LEFT;
    int colour = 0;
    for (Map.Entry<String, Double> stage : stages.entrySet()) {
      double w = stage.getValue() * scale;
      svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"45\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s %.0f ms</title></rect>%n",
          x, w, BAR, COLOURS[colour % COLOURS.length], stage.getKey(), stage.getValue()));
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"150\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", LEFT + colour * 140,
          COLOURS[colour % COLOURS.length]));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"161\">%s %.0f ms (%.0f %%)</text>%n", LEFT + colour * 140 + 16,
          stage.getKey(), stage.getValue(), 100 * stage.getValue() / chain));
      x += w;
      colour++;
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"66\">%.0f</text>%n", x + 4, chain));
    if (kafka > 0) {
      label(svg, 115, "through Kafka, all at once");
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"100\" width=\"%.1f\" height=\"%d\" fill=\"#9c9c9c\"/>%n", LEFT, kafka * scale, BAR));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"121\">%.0f</text>%n", LEFT + kafka * scale + 4, kafka));
    }
    svg.append("<text x=\"10\" y=\"190\" fill=\"#555\">Kafka bar: wall time per video with the stages overlapping on the same cores (1 / pipeline.videos_per_s).</text>\n");
    svg.append("</svg>\n");
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, svg);
    return true;
  }

  private static void label(StringBuilder svg, int y, String text) {
    svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>%n", y, text));
  }
}
