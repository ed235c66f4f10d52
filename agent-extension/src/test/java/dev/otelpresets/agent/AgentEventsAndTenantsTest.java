package dev.otelpresets.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.testkit.LogCapture;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent path in process: an {@code AutoConfiguredOpenTelemetrySdk} with this module found by
 * the real ServiceLoader, spans and GenAI log events shaped exactly as the Java agent 2.33's
 * openai-java instrumentation writes them (event name in {@code event.name}, the message in the
 * body), real OTLP to loopback receivers. Covers the orders the real agent produces (choice before
 * the span's end; choice just after it) and those it cannot be made to produce on demand.
 */
class AgentEventsAndTenantsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final AttributeKey<String> EVENT_NAME = AttributeKey.stringKey("event.name");

  @TempDir Path dir;
  private OtlpReceiver langfuse;
  private OtlpReceiver arize;
  private OtlpReceiver collector;
  private OpenTelemetrySdk sdk;

  @BeforeEach
  void start() {
    langfuse = OtlpReceiver.start("langfuse receiver");
    arize = OtlpReceiver.start("arize receiver");
    collector = OtlpReceiver.start("otel collector");
  }

  @AfterEach
  void stop() {
    if (sdk != null) {
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
    langfuse.close();
    arize.close();
    collector.close();
  }

  private OpenTelemetrySdk build(String extraYaml, String agentCapture) throws IOException {
    return build(extraYaml, agentCapture, "otlp");
  }

  private OpenTelemetrySdk build(String extraYaml, String agentCapture, String logsExporter)
      throws IOException {
    Path file = dir.resolve("otel-presets.yaml");
    Files.writeString(
        file,
        """
        presets:
          langfuse:
            public_key: pk-static
            secret_key: sk-static
            host: %s
          arize:
            space_id: space-static
            api_key: ak-static
            http_endpoint: %s
        tenants:
          credentials:
            team-a:
              langfuse: { langfuse_public_key: pk-a, langfuse_secret_key: sk-a-secret }
              arize: { arize_space_id: space-a, arize_api_key: ak-a-secret }
        %s"""
            .formatted(langfuse.baseUrl(), arize.tracesUrl(), extraYaml));
    Map<String, String> p = new HashMap<>();
    p.put("otel.presets.callbacks", "langfuse,arize");
    p.put("otel.presets.config", file.toString());
    p.put("otel.service.name", "agent-path-app");
    p.put("otel.traces.exporter", "otlp");
    p.put("otel.logs.exporter", logsExporter);
    p.put("otel.exporter.otlp.protocol", "http/protobuf");
    p.put("otel.exporter.otlp.endpoint", collector.baseUrl());
    p.put("otel.metrics.exporter", "none");
    p.put("otel.bsp.schedule.delay", "50");
    p.put("otel.blrp.schedule.delay", "50");
    if (agentCapture != null) {
      p.put(PresetsCustomizerProvider.AGENT_CAPTURE_PROPERTY, agentCapture);
    }
    sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .disableShutdownHook()
            .addPropertiesSupplier(() -> p)
            .build()
            .getOpenTelemetrySdk();
    return sdk;
  }

  /** One event as the agent's ChatCompletionEventsHelper emits it. */
  private static void event(Logger events, Span span, String name, Map<String, Value<?>> body) {
    events
        .logRecordBuilder()
        .setAttribute(EVENT_NAME, name)
        .setAttribute(AttributeKey.stringKey("gen_ai.provider.name"), "openai")
        .setContext(Context.root().with(span))
        .setBody(Value.of(body))
        .emit();
  }

  private static Span llmSpan(Tracer tracer) {
    return tracer
        .spanBuilder("chat gpt-4o-mini")
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute("gen_ai.operation.name", "chat")
        .setAttribute("gen_ai.provider.name", "openai")
        .setAttribute("gen_ai.request.model", "gpt-4o-mini")
        .startSpan();
  }

  private static Map<String, Value<?>> choice(String text) {
    return Map.of(
        "index",
        Value.of(0L),
        "finish_reason",
        Value.of("stop"),
        "message",
        Value.of(Map.of("content", Value.of(text))));
  }

  @Test
  void eventsBeforeAndAfterTheSpansEndReachEachPresetInItsVocabularyAndTheLogsStayUnchanged()
      throws Exception {
    build("", "true");
    Tracer tracer = sdk.getTracer("io.opentelemetry.openai-java-1.1");
    Logger events = sdk.getLogsBridge().get("io.opentelemetry.openai-java-1.1");

    // blocking call: every event inside the span
    Span before = llmSpan(tracer);
    event(events, before, "gen_ai.system.message", Map.of("content", Value.of("Be brief.")));
    event(events, before, "gen_ai.user.message", Map.of("content", Value.of("Say hello")));
    event(events, before, "gen_ai.choice", choice("Hello!"));
    before.end();

    // asynchronous call: the choice right after the span ended, a tool call among the input
    Span after = llmSpan(tracer);
    event(events, after, "gen_ai.user.message", Map.of("content", Value.of("Weather in Oslo?")));
    event(
        events,
        after,
        "gen_ai.assistant.message",
        Map.of(
            "tool_calls",
            Value.of(
                List.of(
                    Value.of(
                        Map.of(
                            "id",
                            Value.of("call-1"),
                            "type",
                            Value.of("function"),
                            "function",
                            Value.of(
                                Map.of(
                                    "name",
                                    Value.of("weather"),
                                    "arguments",
                                    Value.of("{\"city\":\"Oslo\"}")))))))));
    event(
        events,
        after,
        "gen_ai.tool.message",
        Map.of("id", Value.of("call-1"), "content", Value.of("sunny, 21°C\r\nwind 3 m/s")));
    after.end();
    event(events, after, "gen_ai.choice", choice("Sunny in Oslo ☀"));

    String beforeId = before.getSpanContext().getSpanId();
    String afterId = after.getSpanContext().getSpanId();
    ReceivedSpan lf = one(langfuse, beforeId);
    assertTrue(
        lf.stringAttribute("langfuse.observation.input").contains("Say hello"),
        lf.attributes().toString());
    assertTrue(
        lf.stringAttribute("langfuse.observation.output").contains("Hello!"),
        lf.attributes().toString());
    ReceivedSpan ax = one(arize, beforeId);
    // OpenInference: the system instructions first, then the conversation
    assertEquals(
        "system",
        ax.stringAttribute("llm.input_messages.0.message.role"),
        ax.attributes().toString());
    assertEquals("Be brief.", ax.stringAttribute("llm.input_messages.0.message.content"));
    assertEquals("user", ax.stringAttribute("llm.input_messages.1.message.role"));
    assertEquals("Say hello", ax.stringAttribute("llm.input_messages.1.message.content"));
    assertEquals("Hello!", ax.stringAttribute("llm.output_messages.0.message.content"));
    for (String k : ax.attributes().keySet()) {
      assertFalse(k.startsWith("langfuse."), k);
    }

    ReceivedSpan axAfter = one(arize, afterId);
    assertEquals(
        "Sunny in Oslo ☀",
        axAfter.stringAttribute("llm.output_messages.0.message.content"),
        "the choice after the span's end joined");
    assertEquals(
        "weather",
        axAfter.stringAttribute(
            "llm.input_messages.1.message.tool_calls.0.tool_call.function.name"),
        axAfter.attributes().toString());
    assertEquals(
        "sunny, 21°C\r\nwind 3 m/s",
        axAfter.stringAttribute("llm.input_messages.2.message.content"));
    assertTrue(
        one(langfuse, afterId)
            .stringAttribute("langfuse.observation.output")
            .contains("Sunny in Oslo"));

    // the SDK's own exporters: spans without joined content, every event as emitted
    ReceivedSpan canonical = one(collector, beforeId);
    assertNull(canonical.attribute("gen_ai.input.messages"), canonical.attributes().toString());
    List<LogRecord> logs = awaitLogs(collector, 7);
    assertEquals(
        List.of(
            "gen_ai.system.message",
            "gen_ai.user.message",
            "gen_ai.choice",
            "gen_ai.user.message",
            "gen_ai.assistant.message",
            "gen_ai.tool.message",
            "gen_ai.choice"),
        logs.stream()
            .map(
                l ->
                    l.getAttributesList().stream()
                        .filter(a -> a.getKey().equals("event.name"))
                        .findFirst()
                        .orElseThrow()
                        .getValue()
                        .getStringValue())
            .toList());
    assertEquals(
        "Say hello",
        logs.get(1).getBody().getKvlistValue().getValues(0).getValue().getStringValue());
    assertEquals(
        beforeId, java.util.HexFormat.of().formatHex(logs.get(1).getSpanId().toByteArray()));
  }

  @Test
  void contentIsJoinedWhenTheSdkExportsNoLogsAndAMarkerOfAnyTypeIsStripped() throws Exception {
    build("settings:\n  capture_message_content: span_only\n", null, "none");
    Tracer tracer = sdk.getTracer("io.opentelemetry.openai-java-1.1");
    Logger events = sdk.getLogsBridge().get("io.opentelemetry.openai-java-1.1");
    Span llm = llmSpan(tracer);
    llm.setAttribute(AttributeKey.longKey("otelpresets.tenant"), 42L);
    event(events, llm, "gen_ai.user.message", Map.of("content", Value.of("Say hello")));
    event(events, llm, "gen_ai.choice", choice("Hello!"));
    llm.end();
    String id = llm.getSpanContext().getSpanId();
    ReceivedSpan ax = one(arize, id);
    assertEquals("Say hello", ax.stringAttribute("llm.input_messages.0.message.content"));
    assertEquals("Hello!", ax.stringAttribute("llm.output_messages.0.message.content"));
    for (OtlpReceiver r : List.of(arize, langfuse, collector)) {
      assertNull(one(r, id).attribute("otelpresets.tenant"), r.name());
    }
    assertEquals(
        List.of(), collector.requests().stream().filter(q -> q.logs().isPresent()).toList());
  }

  @Test
  void noContentInTheSettingsKeepsEveryMessageFromEveryPresetEvenWhenTheAgentCaptures()
      throws Exception {
    build("settings:\n  capture_message_content: no_content\n", "true");
    Tracer tracer = sdk.getTracer("io.opentelemetry.openai-java-1.1");
    Logger events = sdk.getLogsBridge().get("io.opentelemetry.openai-java-1.1");
    Span llm = llmSpan(tracer);
    event(events, llm, "gen_ai.user.message", Map.of("content", Value.of("private prompt")));
    event(events, llm, "gen_ai.choice", choice("private answer"));
    llm.end();
    String id = llm.getSpanContext().getSpanId();
    for (OtlpReceiver r : List.of(langfuse, arize)) {
      ReceivedSpan s = one(r, id);
      assertFalse(s.attributes().toString().contains("private"), s.attributes().toString());
      assertFalse(new String(s.request().body(), StandardCharsets.ISO_8859_1).contains("private"));
    }
    // the agent's own logs exporter still gets its events: that is the agent's switch
    assertEquals(2, awaitLogs(collector, 2).size());
  }

  @Test
  void aMarkedRequestGoesToItsTenantsCredentialsWithIdentityOnEverySpanAndNoMarkerAnywhere()
      throws Exception {
    try (LogCapture logs = new LogCapture()) {
      build("", null);
      Tracer tracer = sdk.getTracer("io.opentelemetry.java-http-server");
      Span server = tracer.spanBuilder("POST /chat").setSpanKind(SpanKind.SERVER).startSpan();
      String early;
      String child;
      String grandchild;
      try (Scope ignored = server.makeCurrent()) {
        // before the marker: exported with the static credentials (the documented rule)
        Span e = tracer.spanBuilder("auth lookup").startSpan();
        early = e.getSpanContext().getSpanId();
        e.end();
        server.setAttribute("otelpresets.tenant", "team-a");
        server.setAttribute("user.id", "user-7");
        server.setAttribute("gen_ai.conversation.id", "conv-42");
        server.setAttribute(AttributeKey.stringArrayKey("otelpresets.tags"), List.of("beta", "eu"));
        Span llm = llmSpan(tracer);
        child = llm.getSpanContext().getSpanId();
        try (Scope s2 = llm.makeCurrent()) {
          Span http = tracer.spanBuilder("POST").setSpanKind(SpanKind.CLIENT).startSpan();
          grandchild = http.getSpanContext().getSpanId();
          http.end();
        }
        llm.end();
        // the children are exported before the server span ends
        awaitSpan(langfuse, child);
      } finally {
        server.end();
      }
      String serverId = server.getSpanContext().getSpanId();
      // a second request whose marker names no configured tenant
      Span other = tracer.spanBuilder("POST /chat").setSpanKind(SpanKind.SERVER).startSpan();
      other.setAttribute("otelpresets.tenant", "team-zz\r\nFAKE LOG LINE é");
      other.end();

      String lfTenantAuth =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString("pk-a:sk-a-secret".getBytes(StandardCharsets.UTF_8));
      String lfStaticAuth =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString("pk-static:sk-static".getBytes(StandardCharsets.UTF_8));
      for (String id : List.of(serverId, child, grandchild)) {
        ReceivedSpan lf = one(langfuse, id);
        assertEquals(lfTenantAuth, lf.request().header("authorization"), lf.name());
        assertEquals("user-7", lf.stringAttribute("user.id"), lf.name() + " " + lf.attributes());
        assertEquals("conv-42", lf.stringAttribute("session.id"), lf.name());
        ReceivedSpan ax = one(arize, id);
        assertEquals("space-a", ax.request().header("arize-space-id"), ax.name());
        assertEquals("ak-a-secret", ax.request().header("api_key"), ax.name());
        assertEquals("user-7", ax.stringAttribute("user.id"), ax.name());
        ReceivedSpan canonical = one(collector, id);
        assertEquals("user-7", canonical.stringAttribute("user.id"));
        assertEquals(List.of("beta", "eu"), canonical.attribute("otelpresets.tags"));
      }
      assertEquals(lfStaticAuth, one(langfuse, early).request().header("authorization"));
      assertEquals("space-static", one(arize, early).request().header("arize-space-id"));
      ReceivedSpan unknown = one(langfuse, other.getSpanContext().getSpanId());
      assertEquals(lfStaticAuth, unknown.request().header("authorization"));

      // no marker or internal key anywhere; the tenant's secrets only in its own requests
      List<String> secrets =
          List.of(
              "sk-a-secret",
              "ak-a-secret",
              Base64.getEncoder()
                  .encodeToString("pk-a:sk-a-secret".getBytes(StandardCharsets.UTF_8)));
      for (OtlpReceiver r : List.of(langfuse, arize, collector)) {
        for (ReceivedSpan s : r.spans()) {
          for (String k : s.attributes().keySet()) {
            assertFalse(
                k.equals("otelpresets.tenant") || k.startsWith("otelpresets.internal"),
                r.name() + " " + s.name() + " carries " + k);
          }
        }
        for (ReceivedRequest q : r.requests()) {
          boolean tenantRequest =
              lfTenantAuth.equals(q.header("authorization"))
                  || "space-a".equals(q.header("arize-space-id"));
          String body = new String(q.body(), StandardCharsets.ISO_8859_1);
          for (String secret : secrets) {
            assertFalse(body.contains(secret), r.name() + " body carries a tenant secret");
            if (!tenantRequest) {
              assertFalse(
                  q.headers().toString().contains(secret),
                  r.name() + " got a tenant secret in a request that is not the tenant's");
            }
          }
          assertFalse(body.contains("team-a"), r.name() + " body names the tenant");
        }
      }
      sdk.shutdown().join(10, TimeUnit.SECONDS);
      String text = logs.text();
      for (String secret : List.of("sk-a-secret", "ak-a-secret", "sk-static", "ak-static")) {
        assertFalse(text.contains(secret), "log carries a secret");
      }
      List<String> unknownLines =
          logs.lines().stream().filter(l -> l.contains("names no tenant")).toList();
      assertEquals(1, unknownLines.size(), text);
      assertTrue(unknownLines.get(0).contains("'team-zz??FAKE LOG LINE ?'"), unknownLines.get(0));
    }
  }

  @Test
  void aMistypedTenantCredentialKeyStopsTheStartWithOneMessageAtItsLine() throws Exception {
    Path file = dir.resolve("typo.yaml");
    Files.writeString(
        file,
        """
        presets:
          langfuse: { public_key: pk-static, secret_key: sk-static, host: %s }
        tenants:
          credentials:
            team-a:
              langfuse:
                langfuse_pubic_key: pk-a
                langfuse_secret_key: sk-a-secret
              weave: { anything: at-all }
        """
            .formatted(langfuse.baseUrl()));
    Map<String, String> p =
        Map.of(
            "otel.presets.callbacks",
            "langfuse",
            "otel.presets.config",
            file.toString(),
            "otel.traces.exporter",
            "none",
            "otel.metrics.exporter",
            "none",
            "otel.logs.exporter",
            "none");
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException.class,
            () ->
                AutoConfiguredOpenTelemetrySdk.builder()
                    .disableShutdownHook()
                    .addPropertiesSupplier(() -> p)
                    .build());
    String m = e.getMessage();
    assertTrue(
        m.contains(file + ":7:")
            && m.contains("tenants.credentials.team-a.langfuse.langfuse_pubic_key")
            && m.contains("Valid keys: langfuse_host, langfuse_public_key, langfuse_secret_key."),
        m);
    assertFalse(m.contains("pk-a") || m.contains("sk-a-secret") || m.contains("\n"), m);
  }

  /** The session may be marked with OpenTelemetry's own {@code session.id} as well. */
  @Test
  void aSessionMarkedAsSessionIdIsTheSessionOfEverySpan() throws Exception {
    build("", null);
    Tracer tracer = sdk.getTracer("io.opentelemetry.java-http-server");
    Span server = tracer.spanBuilder("POST /chat").setSpanKind(SpanKind.SERVER).startSpan();
    Span llm;
    try (Scope ignored = server.makeCurrent()) {
      server.setAttribute("session.id", "sess-9");
      server.setAttribute("user.id", "user-9");
      llm = llmSpan(tracer);
      llm.end();
    } finally {
      server.end();
    }
    for (Span s : List.of(server, llm)) {
      String id = s.getSpanContext().getSpanId();
      ReceivedSpan canonical = one(collector, id);
      assertEquals("sess-9", canonical.stringAttribute("gen_ai.conversation.id"), canonical.name());
      assertEquals("user-9", canonical.stringAttribute("user.id"), canonical.name());
      ReceivedSpan lf = one(langfuse, id);
      assertEquals("sess-9", lf.stringAttribute("session.id"), lf.name());
      assertEquals("sess-9", one(arize, id).stringAttribute("session.id"), lf.name());
    }
  }

  @Test
  void theMarkedSpanWithoutChildrenIsRoutedAtItsEnd() throws Exception {
    build("", null);
    Tracer tracer = sdk.getTracer("test");
    Span server = tracer.spanBuilder("GET /health").setSpanKind(SpanKind.SERVER).startSpan();
    server.setAttribute("otelpresets.tenant", " team-a ");
    server.setStatus(StatusCode.OK);
    server.end();
    ReceivedSpan lf = one(langfuse, server.getSpanContext().getSpanId());
    assertEquals(
        "Basic "
            + Base64.getEncoder()
                .encodeToString("pk-a:sk-a-secret".getBytes(StandardCharsets.UTF_8)),
        lf.request().header("authorization"));
    assertNull(lf.attribute("otelpresets.tenant"));
    assertNull(one(collector, server.getSpanContext().getSpanId()).attribute("otelpresets.tenant"));
  }

  private static ReceivedSpan one(OtlpReceiver receiver, String spanId) {
    List<ReceivedSpan> found = receiver.awaitSpans(s -> spanId.equals(s.spanId()), 1, WAIT);
    assertEquals(1, found.size(), receiver.name() + ": " + found);
    return found.get(0);
  }

  private static void awaitSpan(OtlpReceiver receiver, String spanId) {
    assertNotNull(one(receiver, spanId));
  }

  private static List<LogRecord> awaitLogs(OtlpReceiver receiver, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<LogRecord> out = new ArrayList<>();
      for (ReceivedRequest q : receiver.requests()) {
        q.logs()
            .ifPresent(
                r ->
                    r.getResourceLogsList()
                        .forEach(
                            rl ->
                                rl.getScopeLogsList()
                                    .forEach(sl -> out.addAll(sl.getLogRecordsList()))));
      }
      if (out.size() >= count || System.nanoTime() > deadline) {
        assertEquals(count, out.size(), receiver.name() + " log records");
        return out;
      }
      Thread.sleep(20);
    }
  }
}
