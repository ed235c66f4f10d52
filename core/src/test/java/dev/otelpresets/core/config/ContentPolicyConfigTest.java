package dev.otelpresets.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.Environment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code capture_message_content} and {@code redact}, global and per backend. */
class ContentPolicyConfigTest {
  private static final String SRC = "policy.yaml";

  private static OtelPresetsConfig parse(String yaml) {
    return ConfigLoader.create(Environment.of(Map.of())).parse(yaml, SRC);
  }

  private static ConfigException error(String yaml) {
    return assertThrows(ConfigException.class, () -> parse(yaml));
  }

  @Test
  void globalAndPerBackendRulesAreReadInOrderWithTheirLocations() {
    OtelPresetsConfig c =
        parse(
            "settings:\n"
                + "  redact:\n"
                + "    - pattern: '[\\w.+-]+@[\\w-]+\\.[\\w.]+'\n"
                + "      replacement: <email>\n"
                + "    - {pattern: '\\d{16}'}\n"
                + "presets:\n"
                + "  phoenix:\n"
                + "    capture_message_content: span_only\n"
                + "    redact: [{pattern: 'secret', replacement: ''}]\n");
    List<RedactionRule> rules = c.redactionRules();
    assertEquals(2, rules.size());
    assertEquals("[\\w.+-]+@[\\w-]+\\.[\\w.]+", rules.get(0).pattern().pattern());
    assertEquals("<email>", rules.get(0).replacement());
    assertEquals(RedactionRule.DEFAULT_REPLACEMENT, rules.get(1).replacement());
    assertEquals(SRC + ":3:16", rules.get(0).location().toString());
    assertEquals(
        "RedactionRule{" + SRC + ":3:16}",
        rules.get(0).toString(),
        "toString shows neither pattern nor replacement");
    ConfigNode.MapNode phoenix = c.presetSections().get("phoenix");
    assertEquals(
        ContentCapture.SPAN_ONLY,
        ConfigLoader.contentCapture(phoenix.get("capture_message_content")));
    assertEquals("", ConfigLoader.redactionRules(phoenix.get("redact")).get(0).replacement());
  }

  @Test
  void anInvalidRegexIsOneErrorWithLocationKeyAndTheRegexError() {
    ConfigException e = error("presets:\n  langfuse:\n    redact:\n      - pattern: '(ab'\n");
    assertEquals(
        SRC
            + ":4:18: presets.langfuse.redact[0].pattern: invalid regular expression:"
            + " Unclosed group near index 3 in '(ab'. Write a Java regular expression"
            + " (java.util.regex.Pattern); in YAML, quote it with single quotes so backslashes stay"
            + " as written.",
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void aGlobalInvalidRegexToo() {
    ConfigException e = error("settings:\n  redact:\n    - pattern: '[a-'\n");
    assertTrue(
        e.getMessage()
            .startsWith(
                SRC + ":3:16: settings.redact[0].pattern: invalid" + " regular expression: "),
        e.getMessage());
  }

  @Test
  void anUnknownContentModeForABackendListsTheValidOnes() {
    ConfigException e = error("presets:\n  phoenix:\n    capture_message_content: all\n");
    assertEquals(
        SRC
            + ":3:30: presets.phoenix.capture_message_content: 'all' is not a content"
            + " capture mode; use one of no_content, span_only, span_and_event, event_only",
        e.getMessage());
  }

  @Test
  void malformedRulesSayWhatARuleLooksLike() {
    assertTrue(
        error("settings:\n  redact: '\\d+'\n")
            .getMessage()
            .startsWith(
                SRC
                    + ":2:11: settings.redact: expected a list of rules (pattern: and replacement:)"),
        "a bare pattern");
    assertTrue(
        error("settings:\n  redact: [{replacement: x}]\n")
            .getMessage()
            .contains("a redaction rule needs pattern:"));
    String unknown = error("settings:\n  redact: [{pattern: a, replace: x}]\n").getMessage();
    assertTrue(
        unknown.contains("unknown key 'replace' in a redaction rule.")
            && unknown.endsWith("Valid keys: pattern, replacement."),
        unknown);
    assertTrue(
        error("settings:\n  redact: [{pattern: 'a*'}]\n")
            .getMessage()
            .contains("matches the empty text"));
  }
}
