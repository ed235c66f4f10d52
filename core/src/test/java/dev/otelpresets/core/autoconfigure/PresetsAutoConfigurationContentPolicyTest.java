package dev.otelpresets.core.autoconfigure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.testpresets.AlphaPreset;
import dev.otelpresets.core.testpresets.BetaPreset;
import dev.otelpresets.core.testpresets.Sinks;
import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's and Spring's path: another instrumentation decided what was recorded; a preset's
 * own {@code no_content} still takes content off its spans, and redaction rules apply per preset.
 */
class PresetsAutoConfigurationContentPolicyTest {
  private static final String MESSAGES =
      "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\","
          + "\"content\":\"mail jane@example.com\"}]}]";

  @TempDir Path dir;

  @AfterEach
  void reset() {
    Sinks.reset();
  }

  @Test
  void aPresetsOwnNoContentStripsAndRulesRedactWhateverWasRecorded() throws Exception {
    Path cfg = dir.resolve("otel-presets.yaml");
    Files.writeString(
        cfg,
        "callbacks: ["
            + AlphaPreset.NAME
            + ", "
            + BetaPreset.NAME
            + "]\n"
            + "settings:\n  redact: [{pattern: '\\w+@example\\.com', replacement: '<email>'}]\n"
            + "presets:\n  "
            + AlphaPreset.NAME
            + ":\n    capture_message_content: no_content\n");
    PresetsAutoConfiguration presets =
        PresetsAutoConfiguration.resolve(
            DefaultConfigProperties.createFromMap(
                Map.of(PresetsAutoConfiguration.CONFIG_PROPERTY, cfg.toString())),
            getClass().getClassLoader(),
            Environment.of(Map.of()));
    SdkTracerProvider provider =
        presets
            .addSpanProcessors(
                SdkTracerProvider.builder(),
                DefaultConfigProperties.createFromMap(Map.of()),
                UnaryOperator.identity())
            .build();
    provider
        .get("another-instrumentation")
        .spanBuilder("chat m")
        .setAttribute(GenAiAttributes.INPUT_MESSAGES, MESSAGES)
        .setAttribute("input.value", "jane@example.com")
        .startSpan()
        .end();
    assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());

    SpanData alpha = Sinks.of(AlphaPreset.NAME).only();
    assertNull(alpha.getAttributes().get(GenAiAttributes.INPUT_MESSAGES));
    assertNull(
        alpha
            .getAttributes()
            .get(io.opentelemetry.api.common.AttributeKey.stringKey("input.value")),
        "a vocabulary copy too");
    SpanData beta = Sinks.of(BetaPreset.NAME).only();
    assertEquals(
        MESSAGES.replace("jane@example.com", "<email>"),
        beta.getAttributes().get(GenAiAttributes.INPUT_MESSAGES),
        "no mode of its own: what was recorded passes, redacted");
    provider.close();
  }
}
