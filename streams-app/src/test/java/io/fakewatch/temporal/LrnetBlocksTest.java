package io.fakewatch.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class LrnetBlocksTest {
  @Test
  void theReferenceBlockGivesTheReferenceG1AndG2Inputs() {
    JsonNode reference = TemporalFixtures.reference();
    float[][] calibrated = TemporalFixtures.rows(reference.get("lrnet_prep_test").get("expected_normalised_calibrated"));
    List<float[][]> blocks = LrnetBlocks.blocks(calibrated);
    assertThat(blocks).hasSize(1);
    float[][] g1 = LrnetBlocks.g1Input(blocks.get(0));
    float[][] g2 = LrnetBlocks.g2Input(blocks.get(0));
    float[][] expectedG1 = TemporalFixtures.rows(reference.get("lrnet_block_test").get("g1_input"));
    float[][] expectedG2 = TemporalFixtures.rows(reference.get("lrnet_block_test").get("g2_input"));
    assertThat(g1.length).isEqualTo(30);
    assertThat(g2.length).isEqualTo(29);
    for (int t = 0; t < 30; t++) {
      assertThat(g1[t]).as("g1 row %d", t).containsExactly(expectedG1[t]);
    }
    for (int t = 0; t < 29; t++) {
      assertThat(g2[t]).hasSize(136);
      for (int j = 0; j < 136; j++) {
        // differences of multiples of 0.005: the same pixel step, to float rounding of the printed value
        assertThat(g2[t][j]).as("g2 row %d value %d", t, j).isCloseTo(expectedG2[t][j], within(1e-6f));
        assertThat(Math.round(g2[t][j] * 200)).isEqualTo(Math.round(expectedG2[t][j] * 200));
      }
    }
  }

  @Test
  void blocksStartEvery30FramesAndALastBlockEndingAtTheEndIsSkippedUnlessItIsTheOnlyOne() {
    assertThat(LrnetBlocks.starts(29)).isEmpty();
    assertThat(LrnetBlocks.starts(30)).containsExactly(0);
    assertThat(LrnetBlocks.starts(31)).containsExactly(0);
    assertThat(LrnetBlocks.starts(60)).containsExactly(0);
    assertThat(LrnetBlocks.starts(61)).containsExactly(0, 30);
    // whole videos of the reference table: 300 frames → 9 blocks, 338 → 11, 751 → 25
    assertThat(LrnetBlocks.starts(300)).hasSize(9);
    assertThat(LrnetBlocks.starts(338)).hasSize(11);
    assertThat(LrnetBlocks.starts(751)).hasSize(25);
    assertThat(LrnetBlocks.starts(91)).containsExactly(0, 30, 60);
  }
}
