package dev.nabla.samples.sequences;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.SequenceModel;
import dev.nabla.kernel.Kernels;
import dev.nabla.samples.sequences.CharStudy.Text;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The character-level model: its text, and a shortened run on the real word list. */
class CharStudyTest {
  @Test
  void theTextIsTheLowerCaseWordsEachEndedByANewline(@TempDir Path dir) throws IOException {
    Path words = dir.resolve("words");
    Files.writeString(words, String.join("\n", "Apple", "ab", "it's", "b", "ba", "c", "ca",
        "cab", "d", "da", "dab", "e"));
    Text text = CharStudy.read(words, 0);
    int[] all = new int[text.training().length + text.heldOut().length];
    System.arraycopy(text.training(), 0, all, 0, text.training().length);
    System.arraycopy(text.heldOut(), 0, all, text.training().length, text.heldOut().length);
    StringBuilder decoded = new StringBuilder();
    for (int token : all) {
      decoded.append(CharStudy.character(token));
    }
    String[] read = decoded.toString().split("\n");
    Arrays.sort(read);
    assertArrayEquals(new String[] {"ab", "b", "ba", "c", "ca", "cab", "d", "da", "dab", "e"},
        read);
    assertEquals(1, Arrays.stream(text.heldOut()).filter(token -> token == 0).count(),
        "the last tenth: one word and its newline");
  }

  /**
   * 150 batches of 32 windows of 32 characters (a tenth of an epoch) take the held-out loss from
   * 3.6 to about 2.35 with the simple cell, to about 2.23 with the LSTM; a uniform guess scores
   * ln 27 = 3.30, and the letter frequencies alone about 2.9 nats, so below ln 27 − 0.7 = 2.60
   * the model uses the characters before.
   */
  @ParameterizedTest
  @ValueSource(strings = {"simple", "lstm"})
  void aShortRunLearnsWellBelowAUniformGuess(String cell) throws IOException {
    assumeTrue(CharStudy.isInstalled(CharStudy.DEFAULT_WORDS),
        "needs /usr/share/dict/words: apt-get install -y wamerican");
    Kernels.warmUp();
    Text text = CharStudy.read(CharStudy.DEFAULT_WORDS, 0);
    SequenceModel model = CharStudy.model(cell);
    double before = CharStudy.evaluate(model, text.heldOut());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    double[] losses = CharStudy.train(model, text.training(), 1, 150, 1,
        new PrintStream(printed, true, StandardCharsets.UTF_8));
    double after = CharStudy.evaluate(model, text.heldOut());
    assertTrue(after < Math.log(27) - 0.7,
        cell + ": held-out loss " + after + " after training, " + before + " before");
    assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith("epoch  1  loss "));
    assertEquals(losses[0], Double.parseDouble(printed.toString(StandardCharsets.UTF_8)
        .substring("epoch  1  loss ".length()).split(" ")[0]), 1e-4);
    String sampled = CharStudy.sample(model, Arrays.copyOf(text.heldOut(), CharStudy.STEPS), 200,
        0.7, new Random(7));
    assertEquals(200, sampled.length());
    assertTrue(sampled.chars().allMatch(c -> c == '\n' || c >= 'a' && c <= 'z'), sampled);
    assertTrue(sampled.chars().filter(c -> c == '\n').count() >= 10,
        "the model ends words: " + sampled);
  }
}
