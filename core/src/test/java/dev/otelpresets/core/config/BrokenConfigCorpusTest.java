package dev.otelpresets.core.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.OtelPresets;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code bad-configs/} is a broken configuration with, in its header, the fragments
 * its one error message must contain ({@code # expect:}), the environment it runs with ({@code #
 * env:}) and any text that must never appear ({@code # secret:}). Line numbers in expectations
 * count from the first line after the header.
 */
class BrokenConfigCorpusTest {
  private static final Pattern LINE_COL = Pattern.compile("^:(\\d+):(\\d+):$");

  static Stream<Path> corpus() throws IOException, URISyntaxException {
    Path dir = Path.of(BrokenConfigCorpusTest.class.getResource("/bad-configs").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void theCorpusHasAtLeastFiftyCases() throws Exception {
    assertTrue(corpus().count() >= 50);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachBrokenConfigYieldsOneClearMessage(Path file) throws IOException {
    List<String> expects = new ArrayList<>();
    List<String> secrets = new ArrayList<>();
    Map<String, String> env = new HashMap<>();
    int header = 0;
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("# expect: ")) {
        expects.add(line.substring("# expect: ".length()));
      } else if (line.startsWith("# env: ")) {
        String[] kv = line.substring("# env: ".length()).split("=", 2);
        env.put(kv[0], kv[1]);
      } else if (line.startsWith("# secret: ")) {
        secrets.add(line.substring("# secret: ".length()));
      } else {
        break;
      }
      header++;
    }
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                OtelPresets.builder()
                    .configFile(file)
                    .environment(env)
                    .publishGlobal(false)
                    .build()
                    .close(),
            file.getFileName() + " should fail");
    String message = e.getMessage();
    for (String expect : expects) {
      Matcher m = LINE_COL.matcher(expect);
      String wanted =
          m.matches()
              ? ":" + (Integer.parseInt(m.group(1)) + header) + ":" + m.group(2) + ":"
              : expect;
      assertTrue(message.contains(wanted), "expected <" + wanted + "> in: " + message);
    }
    boolean namesWhere =
        message.contains(file.toString())
            || expects.stream().anyMatch(x -> x.startsWith("invalid OpenTelemetry setting"))
            || message.contains("OTEL_");
    assertTrue(namesWhere, "the message must name the file or the variable: " + message);
    assertFalse(message.contains("\tat "), "no stack trace in the message: " + message);
    assertFalse(message.contains("\n"), "one line: " + message);
    for (String secret : secrets) {
      assertFalse(message.contains(secret), "a secret reached the message: " + message);
    }
  }
}
