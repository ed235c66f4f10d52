package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code doctor} shows each backend's content mode, redaction rule count and sample ratio. */
class DoctorContentPolicyTest {
  private static final Map<String, String> ENV =
      Map.of(
          "AGENTOPS_API_KEY", "agentops-secret-api-key",
          "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318",
          "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");

  @TempDir Path dir;

  @Test
  void eachBackendsContentModeRulesAndRatio() throws Exception {
    Path cfg = dir.resolve("policy.yaml");
    Files.writeString(
        cfg,
        "callbacks: [agentops, otel]\n"
            + "settings:\n  redact:\n    - {pattern: 'SECRET-PATTERN-\\d+', replacement: x}\n"
            + "presets:\n"
            + "  agentops:\n    sample_ratio: 0.5\n    capture_message_content: no_content\n"
            + "  otel:\n    capture_message_content: span_only\n"
            + "    redact: [{pattern: '\\d{16}'}]\n");
    CommandLineTest.Run r = CommandLineTest.run(ENV, "doctor", "--config", cfg.toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    String out = r.out();
    assertTrue(out.contains("content recorded: span_only"), out);
    assertTrue(
        out.contains("content:   no_content (presets.agentops.capture_message_content)"), out);
    assertTrue(out.contains("content:   span_only (presets.otel.capture_message_content)"), out);
    assertTrue(
        out.contains("redaction: 1 rule(s); settings.redact, then presets.agentops" + ".redact"),
        out);
    assertTrue(
        out.contains("redaction: 2 rule(s); settings.redact, then presets.otel.redact"), out);
    assertTrue(out.contains("sampling:  0.5 of traces"), out);
    assertFalse(out.contains("SECRET-PATTERN"), "patterns are not shown: " + out);
  }

  @Test
  void withoutOverridesEveryBackendShowsTheGlobalMode() throws Exception {
    Path cfg = dir.resolve("plain.yaml");
    Files.writeString(cfg, "callbacks: [agentops, otel]\n");
    CommandLineTest.Run r = CommandLineTest.run(ENV, "doctor", "--config", cfg.toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    assertEquals(
        2,
        r.out().lines().filter(l -> l.contains("content:   no_content (the global mode)")).count(),
        r.out());
    assertEquals(2, r.out().lines().filter(l -> l.contains("redaction: none")).count(), r.out());
  }

  @Test
  void anInvalidRegexIsOneErrorWithItsLocation() throws Exception {
    Path cfg = dir.resolve("bad.yaml");
    Files.writeString(
        cfg,
        "callbacks: [otel]\npresets:\n  otel:\n    redact:\n" + "      - pattern: '(unclosed'\n");
    CommandLineTest.Run r = CommandLineTest.run(ENV, "doctor", "--config", cfg.toString());
    assertNotEquals(0, r.exit());
    assertTrue(
        r.err()
            .contains(
                cfg
                    + ":5:18: presets.otel.redact[0].pattern: invalid regular"
                    + " expression: Unclosed group"),
        r.err());
  }
}
