package dev.otelpresets.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.Environment;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Configuration text written to break the loader: every refusal stays one line naming file, line,
 * column and key, and never shows a secret (a gateway's API keys are the keys of {@code keys:}).
 */
class HostileConfigTest {
  private static final String SRC = "gw.yaml";
  private static final String SECRET = "sk-SECRET-hostile-123";

  private static ConfigException error(String yaml, Map<String, String> env) {
    return assertThrows(
        ConfigException.class,
        () ->
            ConfigLoader.create(Environment.of(env), Set.of("keys"), Set.of("keys"))
                .parse(yaml, SRC));
  }

  private static void assertOneLine(String message) {
    assertFalse(message.contains("\n") || message.contains("\r"), "one line: " + message);
  }

  @Test
  void aKeyWithALineBreakIsNamedOnOneLine() {
    ConfigException e = error("settings:\n  \"serv\\r\\nice_name\": x\n", Map.of());
    assertOneLine(e.getMessage());
    assertTrue(
        e.getMessage().startsWith("gw.yaml:2:3: settings.serv\\r\\nice_name:"), e.getMessage());
  }

  @Test
  void anAliasIsRefusedNotReadAsItsAnchorsName() {
    // the parser hands an alias over as the anchor's name: "*nope" became the service name "nope"
    ConfigException e = error("settings:\n  service_name: *nope\n", Map.of());
    assertEquals(
        "gw.yaml:2:17: settings.service_name: a YAML alias (*nope) is not supported: a"
            + " configuration writes every value out. Replace it with the value of its anchor.",
        e.getMessage());
  }

  @Test
  void aTagIsRefusedUnlessItOnlySaysWhatTheValueIs() {
    // !!binary was read as the decoded bytes, any other tag dropped: not what the file shows
    ConfigException binary = error("settings:\n  service_name: !!binary Z3c=\n", Map.of());
    assertEquals(
        "gw.yaml:2:17: settings.service_name: a YAML tag (!!binary) is not supported: write the"
            + " value plainly, as text, a number, true/false, a list or a mapping, without the"
            + " tag.",
        binary.getMessage());
    ConfigException local = error("settings: !gateway\n  service_name: gw\n", Map.of());
    assertTrue(
        local.getMessage().contains("a YAML tag (!gateway) is not supported"), local.getMessage());
    assertTrue(local.getMessage().startsWith("gw.yaml:1:"), local.getMessage());

    // the core schema's tags say what the value is: read as without them
    OtelPresetsConfig c =
        ConfigLoader.create(Environment.of(Map.of()))
            .parse("settings:\n  service_name: !!str 123\n  max_queue_size: !!int 64\n", SRC);
    assertEquals("123", c.serviceName().orElseThrow());
    assertEquals(64, c.maxQueueSize().orElseThrow());
  }

  @Test
  void aBillionLaughsFailsAtItsFirstAlias() {
    StringBuilder yaml = new StringBuilder("keys:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      char prev = (char) (c - 1);
      yaml.append("  ").append(c).append(": &").append(c).append(" [");
      yaml.append(("*" + prev + ",").repeat(9)).append('*').append(prev).append("]\n");
    }
    long start = System.nanoTime();
    ConfigException e = error(yaml.toString(), Map.of());
    assertTrue(e.getMessage().contains("a YAML alias (*a) is not supported"), e.getMessage());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5_000);
  }

  @Test
  void aVariableHoldingALineBreakIsRefusedWithoutItsValue() {
    ConfigException e =
        error("settings:\n  service_name: ${SVC}\n", Map.of("SVC", "gw\r\nX-Forged: " + SECRET));
    assertEquals(
        "gw.yaml:2:17: settings.service_name: environment variable SVC holds a line break or"
            + " another control character (the value is not shown); a configuration value is one"
            + " line. Set SVC again without it.",
        e.getMessage());
  }

  @Test
  void aVariableEndingInANewlineIsStillAccepted() {
    // a key read from a file ends in a newline; surrounding whitespace is trimmed where it is used
    OtelPresetsConfig c =
        ConfigLoader.create(Environment.of(Map.of("SVC", "gw\n")))
            .parse("settings:\n  service_name: ${SVC}\n", SRC);
    assertEquals("gw", c.serviceName().orElseThrow());
  }

  @Test
  void aVariableInAKeyIsSubstituted() {
    // "${GATEWAY_KEY}: {}" was taken literally: the guessable text "${GATEWAY_KEY}" was the key
    OtelPresetsConfig c =
        ConfigLoader.create(Environment.of(Map.of("GATEWAY_KEY", SECRET)), Set.of("keys"))
            .parse("keys:\n  ${GATEWAY_KEY}: {}\n", SRC);
    assertEquals(Set.of(SECRET), c.extensions().get("keys").asMap().entries().keySet());
  }

  @Test
  void errorsUnderASecretKeyedSectionNameTheEntryByPositionNeverByKey() {
    Map<String, String> bad =
        Map.of(
            "keys:\n  sk-other: {}\n  " + SECRET + ": {}\n  " + SECRET + ": {}\n",
            "gw.yaml:4:3: keys.(key #3): duplicate key",
            "keys:\n  ${NOT_SET}: {}\n",
            "gw.yaml:2:3: keys.(key #1): environment variable NOT_SET is not set");
    bad.forEach(
        (yaml, expected) -> {
          String m = error(yaml, Map.of()).getMessage();
          assertTrue(m.contains(expected), () -> "expected <" + expected + "> in: " + m);
          assertFalse(m.contains(SECRET), m);
        });
    // the host reads the section: its errors carry the node's path
    ConfigNode entry =
        ConfigLoader.create(Environment.of(Map.of()), Set.of("keys"), Set.of("keys"))
            .parse("keys:\n  " + SECRET + ": 5\n", SRC)
            .extensions()
            .get("keys")
            .asMap()
            .entries()
            .get(SECRET);
    String m = assertThrows(ConfigException.class, entry::asMap).getMessage();
    assertTrue(m.startsWith("gw.yaml:2:" + (SECRET.length() + 5) + ": keys.(key #1): "), m);
    assertFalse(m.contains(SECRET), m);
  }

  @Test
  void aReferenceInsideADefaultIsRefused() {
    // the default ends at its first '}': the secret became the literal text "${LF_SECRET}"
    ConfigException e =
        error(
            "presets:\n  langfuse:\n    secret_key: ${MY_SECRET:-${LF_SECRET}}\n",
            Map.of("LF_SECRET", SECRET));
    assertEquals(
        "gw.yaml:3:17: presets.langfuse.secret_key: a default value holds another reference"
            + " (${MY_SECRET:-${...}), which is not substituted. Nested references are not"
            + " supported: set MY_SECRET, or write the default out.",
        e.getMessage());
  }
}
