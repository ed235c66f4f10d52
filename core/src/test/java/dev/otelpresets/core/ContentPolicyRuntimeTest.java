package dev.otelpresets.core;

import static dev.otelpresets.core.testpresets.Instances.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.internal.CostAttributes;
import dev.otelpresets.core.internal.TelemetryRuntime;
import dev.otelpresets.core.testpresets.Instances;
import dev.otelpresets.core.testpresets.Sinks;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Per-backend content modes and redaction through the whole runtime (two in-memory presets), and
 * the cost fields of {@link LlmResponse} on the span.
 */
class ContentPolicyRuntimeTest {
  private static final String PROMPT = "mail jane@example.com about card 4111 1111 1111 1111";
  private GenAiTelemetry telemetry;

  @AfterEach
  void close() {
    if (telemetry != null) {
      telemetry.close();
    }
    Sinks.reset();
  }

  private void call(LlmResponse response) {
    LlmCall c =
        telemetry.startCall(
            LlmRequest.builder()
                .provider("openai")
                .requestModel("m")
                .inputMessages(List.of(ChatMessage.text("user", PROMPT)))
                .build());
    c.end(response);
    assertTrue(telemetry.forceFlush());
  }

  @Test
  void oneBackendsModeRecordsContentThatOnlyItReceives() {
    telemetry =
        Instances.start(
            yaml(
                "mem-alpha, mem-beta",
                "presets:",
                "  mem-alpha:",
                "    capture_message_content: span_only"),
            Map.of());
    assertEquals(
        ContentCapture.SPAN_ONLY,
        telemetry.contentCapture(),
        "recorded because one backend wants it");
    call(LlmResponse.empty());
    SpanData alpha = Sinks.of("mem-alpha").only();
    SpanData beta = Sinks.of("mem-beta").only();
    assertTrue(alpha.getAttributes().get(GenAiAttributes.INPUT_MESSAGES).contains(PROMPT));
    assertNull(
        beta.getAttributes().get(GenAiAttributes.INPUT_MESSAGES),
        "the global mode (no_content) holds for the other backend");
    assertFalse(beta.toString().contains("jane"), beta.toString());
  }

  @Test
  void aBackendCanTurnContentOffThatTheGlobalModeTurnsOn() {
    telemetry =
        Instances.start(
            yaml(
                "mem-alpha, mem-beta",
                "settings:",
                "  shutdown_hook: false",
                "  capture_message_content: span_and_event",
                "presets:",
                "  mem-beta:",
                "    capture_message_content: no_content"),
            Map.of());
    assertEquals(ContentCapture.SPAN_AND_EVENT, telemetry.contentCapture());
    call(LlmResponse.empty());
    assertTrue(
        Sinks.of("mem-alpha")
            .only()
            .getAttributes()
            .get(GenAiAttributes.INPUT_MESSAGES)
            .contains(PROMPT));
    assertNull(Sinks.of("mem-beta").only().getAttributes().get(GenAiAttributes.INPUT_MESSAGES));
  }

  @Test
  void everyBackendOffRecordsNothing() {
    telemetry =
        Instances.start(
            yaml(
                "mem-alpha, mem-beta",
                "settings:",
                "  shutdown_hook: false",
                "  capture_message_content: span_only",
                "presets:",
                "  mem-alpha:",
                "    capture_message_content: no_content",
                "  mem-beta:",
                "    capture_message_content: event_only"),
            Map.of());
    assertEquals(
        ContentCapture.NO_CONTENT,
        telemetry.contentCapture(),
        "no backend takes content on spans, and none of them receives log events");
  }

  @Test
  void globalAndOwnRulesApplyPerBackendAndTheHostsSpanKeepsTheOriginal() {
    telemetry =
        Instances.start(
            yaml(
                "mem-alpha, mem-beta",
                "settings:",
                "  shutdown_hook: false",
                "  capture_message_content: span_only",
                "  redact: [{pattern: '[\\w.+-]+@[\\w-]+\\.[\\w.]+', replacement: '<email>'}]",
                "presets:",
                "  mem-beta:",
                "    redact: [{pattern: '\\b(?:\\d[ -]?){12,15}\\d\\b', replacement: '<card>'}]"),
            Map.of());
    LlmCall c =
        telemetry.startCall(
            LlmRequest.builder()
                .provider("openai")
                .requestModel("m")
                .inputMessages(List.of(ChatMessage.text("user", PROMPT)))
                .build());
    c.end(LlmResponse.empty());
    assertTrue(telemetry.forceFlush());
    String alpha = Sinks.of("mem-alpha").only().getAttributes().get(GenAiAttributes.INPUT_MESSAGES);
    String beta = Sinks.of("mem-beta").only().getAttributes().get(GenAiAttributes.INPUT_MESSAGES);
    assertTrue(alpha.contains("mail <email> about card 4111 1111 1111 1111"), alpha);
    assertTrue(beta.contains("mail <email> about card <card>"), beta);
    assertTrue(
        ((io.opentelemetry.sdk.trace.ReadableSpan) c.span())
            .getAttribute(GenAiAttributes.INPUT_MESSAGES)
            .contains(PROMPT),
        "the host's span holds the original");
    assertEquals(
        Map.of("mem-alpha", 0L, "mem-beta", 0L),
        ((TelemetryRuntime) telemetry).contentPolicies().redactionFailures());
  }

  @Test
  void costInDollarsGoesToTheUsdKeysAndOtherCurrenciesToTheirOwn() {
    telemetry = Instances.start(yaml("mem-alpha"), Map.of());
    call(LlmResponse.builder().costUsd(0.5).inputCostUsd(0.2).outputCostUsd(0.3).build());
    call(LlmResponse.builder().totalCost(1.25).outputCost(1.0).costCurrency("EUR").build());
    List<SpanData> spans = awaitSpans(2);
    SpanData usd = spans.get(0);
    assertEquals(0.5, usd.getAttributes().get(GenAiAttributes.COST_TOTAL_USD));
    assertEquals(0.2, usd.getAttributes().get(GenAiAttributes.COST_INPUT_USD));
    assertEquals(0.3, usd.getAttributes().get(GenAiAttributes.COST_OUTPUT_USD));
    assertNull(usd.getAttributes().get(CostAttributes.CURRENCY));
    SpanData eur = spans.get(1);
    assertNull(
        eur.getAttributes().get(GenAiAttributes.COST_TOTAL_USD),
        "euros are never shown as dollars");
    assertEquals(1.25, eur.getAttributes().get(CostAttributes.TOTAL));
    assertEquals(1.0, eur.getAttributes().get(CostAttributes.OUTPUT));
    assertNull(eur.getAttributes().get(CostAttributes.INPUT));
    assertEquals("EUR", eur.getAttributes().get(CostAttributes.CURRENCY));
  }

  /** The sink's spans once there are {@code n}, in end order. */
  private static List<SpanData> awaitSpans(int n) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (Sinks.of("mem-alpha").spans().size() < n && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    List<SpanData> spans = Sinks.of("mem-alpha").spans();
    assertEquals(n, spans.size(), spans.toString());
    return spans;
  }

  @Test
  void costFieldsAreValidated() {
    LlmResponse.Builder b = LlmResponse.builder();
    assertThrows(IllegalArgumentException.class, () -> b.totalCost(-0.01));
    assertThrows(IllegalArgumentException.class, () -> b.inputCost(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> b.outputCostUsd(Double.POSITIVE_INFINITY));
    assertThrows(NullPointerException.class, () -> b.costCurrency(null));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b.costCurrency("eur"));
    assertEquals(
        "costCurrency must be an ISO 4217 code in capitals such as USD or EUR, got" + " 'eur'",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.costCurrency("XQQ"));
    assertThrows(IllegalArgumentException.class, () -> b.costCurrency("EU\nR"));
    LlmResponse r = b.totalCost(0).costCurrency("JPY").build();
    assertEquals(0.0, r.totalCost());
    assertEquals("JPY", r.costCurrency());
    assertNull(r.costUsd());
    assertEquals(2.0, LlmResponse.builder().costUsd(2).build().costUsd());
  }
}
