package io.fakewatch.evaluate;

import java.util.List;
import java.util.Map;

/**
 * Same-identity pairs: a fake ranked above its own original (the labels CSV's {@code original} column).
 * A fake and its original share face, lighting and camera, so this isolates what the model sees of the
 * manipulation itself. A pair counts only when both videos were evaluated and both have a score.
 */
public final class PairRanking {
  public record Result(int correct, int pairs) {
    @Override
    public String toString() {
      return correct + "/" + pairs;
    }
  }

  private PairRanking() {}

  /** {@code scores}: file name (no directory) → score, null where the model abstained. */
  public static Result rank(List<LabelledVideos.Entry> entries, Map<String, Double> scores) {
    int correct = 0;
    int pairs = 0;
    for (LabelledVideos.Entry entry : entries) {
      if (!entry.fake() || entry.original() == null) {
        continue;
      }
      Double fake = scores.get(entry.file().getFileName().toString());
      Double original = scores.get(entry.original());
      if (fake == null || original == null) {
        continue;
      }
      pairs++;
      correct += fake > original ? 1 : 0; // a tie is not a correct ranking
    }
    return new Result(correct, pairs);
  }
}
