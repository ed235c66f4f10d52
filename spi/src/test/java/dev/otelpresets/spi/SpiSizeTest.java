package dev.otelpresets.spi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SPI stays the contract and nothing else: a preset author reads all of it. Growing past
 * these bounds is a decision to make deliberately (and to write down here), not a drift.
 */
class SpiSizeTest {
  /** Public top-level types a preset author may meet. */
  static final int MAX_PUBLIC_TYPES = 15;

  /** Lines with code or comments under {@code spi/src/main} (1,176 now). */
  static final int MAX_NON_BLANK_LINES = 1_500;

  /**
   * All lines, as google-java-format lays them out (1,407 now). It puts a blank line before every
   * documented constant and one operand per line in a concatenation that does not fit, so the
   * sources keep member docs to a line or two and build long messages with {@code String.format}.
   */
  static final int MAX_LINES = 1_500;

  private static final Pattern PUBLIC_TOP_LEVEL =
      Pattern.compile("(?m)^public (final |abstract )*(class|interface|enum|record|@interface) ");

  @Test
  void theSpiStaysSmall() throws IOException {
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
    }
    assertTrue(sources.size() > 5, "expected the SPI's sources under src/main/java: " + sources);
    int lines = 0;
    int nonBlank = 0;
    List<String> publicTypes = new ArrayList<>();
    for (Path p : sources) {
      String text = Files.readString(p, StandardCharsets.UTF_8);
      lines += (int) text.lines().count();
      nonBlank += (int) text.lines().filter(l -> !l.isBlank()).count();
      if (PUBLIC_TOP_LEVEL.matcher(text).find()) {
        publicTypes.add(p.getFileName().toString());
      }
    }
    assertTrue(
        publicTypes.size() <= MAX_PUBLIC_TYPES,
        publicTypes.size()
            + " public top-level types (at most "
            + MAX_PUBLIC_TYPES
            + "): "
            + publicTypes);
    assertTrue(
        nonBlank <= MAX_NON_BLANK_LINES,
        nonBlank + " non-blank lines under spi/src/main (at most " + MAX_NON_BLANK_LINES + ")");
    assertTrue(lines <= MAX_LINES, lines + " lines under spi/src/main (at most " + MAX_LINES + ")");
  }
}
