package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.EmbeddingsCall;
import dev.otelpresets.core.EmbeddingsRequest;
import dev.otelpresets.core.EmbeddingsResponse;
import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.RetrievalCall;
import dev.otelpresets.core.RetrievalRequest;
import dev.otelpresets.core.RetrievedDocument;
import dev.otelpresets.core.ToolCall;
import dev.otelpresets.core.ToolRequest;
import dev.otelpresets.core.internal.TelemetryRuntime;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.testkit.LogCapture;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-backend content policy over real OTLP with the real presets: Phoenix ({@code span_only})
 * and the {@code otel} callback receive content, redacted; Langfuse ({@code no_content}) receives
 * none — for a chat, a tool, an embeddings call and a retrieval in one trace — while the host's
 * spans keep the original text; a pathological pattern costs a marker, never the export.
 */
class ContentPolicyTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String EMAIL = "jane.doe@example.com";
  private static final String CARD = "4111 1111 1111 1111";

  /** Words that mark each piece of content, so a receiver's bodies show which arrived. */
  private static final List<String> MARKERS =
      List.of(
          "PROMPT-7c1",
          "SYSTEM-3c7",
          "ANSWER-4d8",
          "TOOLARG-5d2",
          "TOOLRES-8e3",
          "EMBED-2f4",
          "QUERY-6a5",
          "DOC-9b6");

  private static final String RULES =
      "  redact:\n"
          + "    - {pattern: '[\\w.+-]+@[\\w-]+\\.[\\w.]+', replacement: '<email>'}\n"
          + "    - {pattern: '\\b(?:\\d[ -]?){12,15}\\d\\b', replacement: '<card>'}\n";

  private static GenAiTelemetry start(
      String yaml, OtlpReceiver phoenix, OtlpReceiver langfuse, OtlpReceiver otel) {
    Map<String, String> env = new HashMap<>(CompanionPresets.env("phoenix", phoenix).orElseThrow());
    env.putAll(CompanionPresets.env("langfuse", langfuse).orElseThrow());
    env.putAll(CompanionPresets.env("otel", otel).orElseThrow());
    return OtelPresets.builder().configYaml(yaml).environment(env).publishGlobal(false).build();
  }

  /** One request: a server span, then a chat, a tool, an embeddings call and a retrieval. */
  private static List<Span> request(GenAiTelemetry t) {
    List<Span> spans = new ArrayList<>();
    Span server =
        t.openTelemetry()
            .getTracer("http-server")
            .spanBuilder("POST /agent")
            .setSpanKind(SpanKind.SERVER)
            .startSpan();
    try (Scope ignored = server.makeCurrent()) {
      LlmCall chat =
          t.startCall(
              LlmRequest.builder()
                  .provider("openai")
                  .requestModel("gpt-4o")
                  .systemInstructions(
                      List.of(new MessagePart.Text("SYSTEM-3c7 never echo " + EMAIL)))
                  .inputMessages(
                      List.of(
                          ChatMessage.text(
                              "user",
                              "PROMPT-7c1 mail " + EMAIL + ", card " + CARD + ", é ✓ \r\n done")))
                  .build());
      chat.end(
          LlmResponse.builder()
              .outputMessages(List.of(ChatMessage.text("assistant", "ANSWER-4d8 sent to " + EMAIL)))
              .build());
      spans.add(chat.span());
      ToolCall tool =
          t.startTool(
              ToolRequest.builder("send_mail")
                  .callId("call_1")
                  .arguments("{\"to\":\"" + EMAIL + "\",\"note\":\"TOOLARG-5d2\"}")
                  .build());
      tool.end("TOOLRES-8e3 charged " + CARD);
      spans.add(tool.span());
      EmbeddingsCall embed =
          t.startEmbeddings(
              EmbeddingsRequest.builder("text-embedding-3-small")
                  .provider("openai")
                  .inputs(List.of("EMBED-2f4 " + EMAIL, "plain"))
                  .build());
      embed.end(EmbeddingsResponse.builder().inputTokens(7).build());
      spans.add(embed.span());
      RetrievalCall retrieval =
          t.startRetrieval(
              RetrievalRequest.builder("kb").query("QUERY-6a5 who is " + EMAIL).topK(2).build());
      retrieval.end(
          List.of(
              new RetrievedDocument("d1", 0.9, "DOC-9b6 card " + CARD),
              new RetrievedDocument("d2", 0.5, "other")));
      spans.add(retrieval.span());
    } finally {
      server.end();
    }
    return spans;
  }

  @Test
  void contentReachesOnlyTheBackendsThatWantItRedactedAndTheHostKeepsTheOriginal() {
    try (OtlpReceiver phoenix = OtlpReceiver.start("phoenix, span_only");
        OtlpReceiver langfuse = OtlpReceiver.start("langfuse, no_content");
        OtlpReceiver otel = OtlpReceiver.start("otel, span_only");
        LogCapture logs = new LogCapture()) {
      GenAiTelemetry t =
          start(
              "callbacks: [arize_phoenix, langfuse, otel]\n"
                  + "settings:\n  shutdown_hook: false\n"
                  + RULES
                  + "presets:\n"
                  + "  arize_phoenix:\n    capture_message_content: span_only\n"
                  + "  langfuse:\n    capture_message_content: no_content\n"
                  + "  otel:\n    capture_message_content: span_only\n",
              phoenix,
              langfuse,
              otel);
      List<Span> hostSpans = request(t);
      t.close();

      for (OtlpReceiver r : List.of(phoenix, langfuse, otel)) {
        List<ReceivedSpan> spans = r.spans();
        assertEquals(5, spans.size(), r.name() + ": every span, whatever the content: " + spans);
        assertEquals(1, spans.stream().map(ReceivedSpan::traceId).distinct().count());
        assertNoLeak(r.name(), bodies(r));
      }
      String atPhoenix = bodies(phoenix);
      String atOtel = bodies(otel);
      String atLangfuse = bodies(langfuse);
      for (String marker : MARKERS) {
        assertTrue(atPhoenix.contains(marker), "phoenix receives content: " + marker);
        assertTrue(atOtel.contains(marker), "otel receives content: " + marker);
        assertFalse(atLangfuse.contains(marker), "langfuse receives no content: " + marker);
      }
      for (String masked : List.of("<email>", "<card>", "é ✓ \\r\\n done")) {
        assertTrue(atOtel.contains(masked), "otel: " + masked);
      }
      assertTrue(atPhoenix.contains("<email>") && atPhoenix.contains("<card>"));
      ReceivedSpan phoenixChat =
          phoenix.spans().stream()
              .filter(s -> s.stringAttribute("input.value") != null)
              .findFirst()
              .orElseThrow();
      assertTrue(
          phoenixChat.stringAttribute("input.value").contains("PROMPT-7c1 mail <email>"),
          "the vocabulary is mapped from the redacted content: "
              + phoenixChat.stringAttribute("input.value"));
      ReceivedSpan langfuseChat =
          langfuse.spans().stream()
              .filter(s -> s.name().startsWith("chat"))
              .findFirst()
              .orElseThrow();
      assertEquals(null, langfuseChat.attribute("langfuse.observation.input"));
      assertEquals(null, langfuseChat.attribute(GenAiAttributes.INPUT_MESSAGES.getKey()));
      assertEquals(
          "gpt-4o",
          langfuseChat.attribute("langfuse.observation.model.name"),
          "everything but the content still arrives");

      assertNoLeak("logs", logs.text());
      // the host's spans are untouched: the original text, unredacted
      ReadableSpan chat = (ReadableSpan) hostSpans.get(0);
      assertTrue(chat.getAttribute(GenAiAttributes.INPUT_MESSAGES).contains(EMAIL));
      assertTrue(chat.getAttribute(GenAiAttributes.INPUT_MESSAGES).contains(CARD));
      assertTrue(
          ((ReadableSpan) hostSpans.get(1))
              .getAttribute(GenAiAttributes.TOOL_CALL_RESULT)
              .contains(CARD));
      assertTrue(
          ((ReadableSpan) hostSpans.get(2))
              .getAttribute(GenAiAttributes.INPUT_MESSAGES)
              .contains(EMAIL));
      assertTrue(
          ((ReadableSpan) hostSpans.get(3))
              .getAttribute(GenAiAttributes.RETRIEVAL_DOCUMENTS)
              .contains(CARD));
      for (ExportStats s : t.exportStats()) {
        assertEquals(5, s.exportedSpans(), s.toString());
      }
    }
  }

  @Test
  void aCatastrophicPatternCostsAMarkerNotTheExport() {
    try (OtlpReceiver phoenix = OtlpReceiver.start("phoenix, pathological rule");
        OtlpReceiver langfuse = OtlpReceiver.start("langfuse");
        OtlpReceiver otel = OtlpReceiver.start("otel, no rules");
        LogCapture logs = new LogCapture()) {
      GenAiTelemetry t =
          start(
              "callbacks: [arize_phoenix, langfuse, otel]\n"
                  + "settings:\n  shutdown_hook: false\n  schedule_delay_ms: 50\n"
                  + "  capture_message_content: span_only\n"
                  + "presets:\n  arize_phoenix:\n    redact: [{pattern: '(.*a){12}$'}]\n",
              phoenix,
              langfuse,
              otel);
      // exponential in java.util.regex without the budget: 12 nested .* over 20,000 characters
      String input = "PROMPT-7c1 " + EMAIL + " " + "a".repeat(20_000) + "!";
      LlmCall call =
          t.startCall(
              LlmRequest.builder()
                  .provider("openai")
                  .requestModel("gpt-4o")
                  .inputMessages(List.of(ChatMessage.text("user", input)))
                  .build());
      call.end(LlmResponse.empty());

      List<ReceivedSpan> spans = phoenix.awaitSpans(1, WAIT);
      String atPhoenix = bodies(phoenix);
      assertTrue(atPhoenix.contains("[redaction failed]"), "the marker replaces the value");
      assertFalse(
          atPhoenix.contains(EMAIL)
              || atPhoenix.contains("PROMPT-7c1")
              || atPhoenix.contains("aaaaaaaaaaaaaaaa"),
          "never the unredacted text");
      assertEquals("gpt-4o", spans.get(0).attribute("llm.model_name"));
      langfuse.awaitSpans(1, WAIT);
      otel.awaitSpans(1, WAIT);
      assertTrue(bodies(otel).contains(EMAIL), "a rule of phoenix's applies to phoenix only");
      long failures = ((TelemetryRuntime) t).contentPolicies().redactionFailures().get("phoenix");
      assertTrue(failures >= 1, "counted: " + failures);
      t.close();
      List<String> gaveUp = logs.lines().stream().filter(l -> l.contains("gave up")).toList();
      assertEquals(1, gaveUp.size(), "logged once: " + gaveUp);
      assertFalse(logs.text().contains(EMAIL) || logs.text().contains("aaaaaaaaaaaaaaaa"));
    }
  }

  /** Every request body a receiver got, as text (protobuf strings are UTF-8 as they are). */
  private static String bodies(OtlpReceiver r) {
    StringBuilder sb = new StringBuilder();
    for (ReceivedRequest req : r.requests()) {
      sb.append(new String(req.body(), StandardCharsets.UTF_8)).append('\n');
    }
    return sb.toString();
  }

  /** Neither secret, as it is or base64-encoded at any alignment. */
  private static void assertNoLeak(String where, String text) {
    for (String secret : List.of(EMAIL, CARD)) {
      assertFalse(text.contains(secret), where + " holds " + secret);
      for (String encoded : base64Forms(secret)) {
        assertFalse(text.contains(encoded), where + " holds base64 of " + secret);
      }
    }
  }

  /** The base64 of {@code secret} at the three byte alignments, without the edges it shares. */
  private static List<String> base64Forms(String secret) {
    List<String> out = new ArrayList<>();
    for (int shift = 0; shift < 3; shift++) {
      String encoded =
          Base64.getEncoder()
              .encodeToString(("x".repeat(shift) + secret).getBytes(StandardCharsets.UTF_8));
      int from = shift == 0 ? 0 : 4;
      out.add(encoded.substring(from, encoded.length() - 4));
    }
    return out;
  }
}
