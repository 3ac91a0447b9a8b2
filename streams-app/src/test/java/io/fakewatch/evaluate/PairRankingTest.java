package io.fakewatch.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairRankingTest {
  @Test
  void aFakeCountsWhenAboveItsOwnOriginalAndOnlyWhenBothWereScored(@TempDir Path dir) throws Exception {
    Path csv = Files.writeString(dir.resolve("labels.csv"), """
        file,label,dataset,original,note
        videos/a_fake.mp4,FAKE,FF++,orig_a.mp4,
        videos/b_fake.mp4,FAKE,FF++,orig_b.mp4,
        videos/c_fake.mp4,FAKE,FF++,orig_c.mp4,
        videos/d_fake.mp4,FAKE,DFDC,missing.mp4,
        videos/e_fake.mp4,FAKE,FF++,,
        videos/orig_a.mp4,REAL,FF++,,
        videos/orig_b.mp4,REAL,FF++,,
        videos/orig_c.mp4,REAL,FF++,,
        """);
    List<LabelledVideos.Entry> entries = LabelledVideos.read(csv).entries();
    assertThat(entries.get(0).original()).isEqualTo("orig_a.mp4");
    assertThat(entries.get(4).original()).isNull();
    Map<String, Double> scores = new HashMap<>(Map.of("a_fake.mp4", 0.9, "orig_a.mp4", 0.2, "b_fake.mp4", 0.3,
        "orig_b.mp4", 0.6, "orig_c.mp4", 0.5, "d_fake.mp4", 0.99, "e_fake.mp4", 0.99));
    scores.put("c_fake.mp4", null); // abstained: the pair is not counted
    PairRanking.Result result = PairRanking.rank(entries, scores);
    assertThat(result.pairs()).isEqualTo(2);
    assertThat(result.correct()).isEqualTo(1);
    // a tie is not a correct ranking
    assertThat(PairRanking.rank(entries, Map.of("a_fake.mp4", 0.5, "orig_a.mp4", 0.5))).isEqualTo(new PairRanking.Result(0, 1));
    // and the comparison carries it per column
    List<ModelComparison.Video> videos = List.of(
        new ModelComparison.Video(entries.get(0), new ModelScores(0.9, null, 0.9)),
        new ModelComparison.Video(entries.get(5), new ModelScores(0.2, 0.4, 0.3)));
    List<ModelComparison.Column> columns = ModelComparison.columns(videos);
    assertThat(columns.get(0).pairs()).isEqualTo(new PairRanking.Result(1, 1));
    assertThat(columns.get(1).videos()).isEqualTo(1);
    assertThat(columns.get(1).pairs().pairs()).isZero();
    assertThat(columns.get(2).auc()).isEqualTo(1.0);
  }
}
