package dev.otelpresets.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain {@code AutoConfiguredOpenTelemetrySdk} application with this module's jar on the
 * classpath: the presets come from {@code otel.presets.*} properties, found by the real
 * ServiceLoader, and the SDK's own {@code otel.traces.exporter} keeps working beside them.
 */
class AutoConfiguredSdkTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private OtlpReceiver langfuse;
  private OtlpReceiver phoenix;
  private OtlpReceiver collector;
  private OpenTelemetrySdk sdk;

  @BeforeEach
  void start() {
    langfuse = OtlpReceiver.start("langfuse receiver");
    phoenix = OtlpReceiver.start("phoenix receiver");
    collector = OtlpReceiver.start("otel collector");
  }

  @AfterEach
  void stop() {
    if (sdk != null) {
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
    langfuse.close();
    phoenix.close();
    collector.close();
  }

  private Path config() throws IOException {
    Path file = dir.resolve("otel-presets.yaml");
    Files.writeString(
        file,
        """
        presets:
          langfuse:
            public_key: pk-lf-test
            secret_key: sk-lf-test
            host: %s
          phoenix:
            collector_endpoint: %s
            project_name: agent-tests
        """
            .formatted(langfuse.baseUrl(), phoenix.tracesUrl()));
    return file;
  }

  private Map<String, String> props(String callbacks) throws IOException {
    Map<String, String> p = new HashMap<>();
    p.put("otel.presets.callbacks", callbacks);
    p.put("otel.presets.config", config().toString());
    p.put("otel.service.name", "autoconfigure-app");
    p.put("otel.traces.exporter", "otlp");
    p.put("otel.exporter.otlp.protocol", "http/protobuf");
    p.put("otel.exporter.otlp.traces.endpoint", collector.tracesUrl());
    p.put("otel.metrics.exporter", "none");
    p.put("otel.logs.exporter", "none");
    p.put("otel.bsp.schedule.delay", "50");
    return p;
  }

  private OpenTelemetrySdk build(Map<String, String> props) {
    return AutoConfiguredOpenTelemetrySdk.builder()
        .disableShutdownHook()
        .addPropertiesSupplier(() -> props)
        .build()
        .getOpenTelemetrySdk();
  }

  /** A server span and, inside it, a GenAI span as the agent's openai instrumentation writes it. */
  private String[] recordRequest(Tracer tracer, boolean legacySystemKey) {
    Span server = tracer.spanBuilder("GET /chat").setSpanKind(SpanKind.SERVER).startSpan();
    String llmId;
    try (Scope ignored = server.makeCurrent()) {
      Span llm =
          tracer
              .spanBuilder("chat gpt-4o-mini")
              .setSpanKind(SpanKind.CLIENT)
              .setAttribute("gen_ai.operation.name", "chat")
              .setAttribute(legacySystemKey ? "gen_ai.system" : "gen_ai.provider.name", "openai")
              .setAttribute("gen_ai.request.model", "gpt-4o-mini")
              .startSpan();
      llm.setAttribute("gen_ai.response.model", "gpt-4o-mini-2024-07-18");
      llm.setAttribute("gen_ai.response.id", "chatcmpl-1");
      llm.setAttribute("gen_ai.usage.input_tokens", 9L);
      llm.setAttribute("gen_ai.usage.output_tokens", 3L);
      llmId = llm.getSpanContext().getSpanId();
      llm.end();
    } finally {
      server.end();
    }
    return new String[] {server.getSpanContext().getSpanId(), llmId};
  }

  @Test
  void presetsAndTheSdksOwnExporterEachGetOneCopyInTheirVocabulary() throws IOException {
    sdk = build(props("langfuse,phoenix"));
    String[] ids = recordRequest(sdk.getTracer("test"), true);
    sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);

    ReceivedSpan atPhoenix = llmSpan(phoenix, ids);
    assertEquals("LLM", atPhoenix.stringAttribute("openinference.span.kind"));
    assertEquals("gpt-4o-mini-2024-07-18", atPhoenix.stringAttribute("llm.model_name"));
    assertEquals(
        "openai",
        atPhoenix.stringAttribute("llm.system"),
        "gen_ai.system (older agents) is normalised before the OpenInference mapper");
    assertEquals("agent-tests", atPhoenix.resourceAttributes().get("openinference.project.name"));
    assertNoKeys(atPhoenix, "langfuse.");

    ReceivedSpan atLangfuse = llmSpan(langfuse, ids);
    assertEquals("generation", atLangfuse.stringAttribute("langfuse.observation.type"));
    assertNotNull(atLangfuse.stringAttribute("langfuse.observation.usage_details"));
    assertNoKeys(atLangfuse, "llm.");
    assertFalse(
        atLangfuse.resourceAttributes().containsKey("openinference.project.name"),
        "Phoenix's project overlay stays on Phoenix's exporter");
    assertTrue(
        String.valueOf(atLangfuse.request().header("authorization")).startsWith("Basic "),
        "Langfuse's exporter sends its Basic auth");
    assertEquals("/api/public/otel/v1/traces", atLangfuse.request().path());

    ReceivedSpan atCollector = llmSpan(collector, ids);
    assertEquals("openai", atCollector.stringAttribute("gen_ai.system"));
    assertNoKeys(atCollector, "llm.");
    assertNoKeys(atCollector, "langfuse.");
    assertNoKeys(atCollector, "openinference.");
  }

  @Test
  void environmentStyleCallbacksWithoutOtelExporterSendOnlyToPresets() throws IOException {
    Map<String, String> p = props("phoenix");
    p.put("otel.traces.exporter", "none");
    sdk = build(p);
    String[] ids = recordRequest(sdk.getTracer("test"), false);
    sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
    assertEquals("openai", llmSpan(phoenix, ids).stringAttribute("llm.provider"));
    collector.assertNoMoreSpans(Duration.ofMillis(300));
    langfuse.assertNoMoreSpans(Duration.ofMillis(1));
  }

  @Test
  void noCallbacksAddsNothing() throws IOException {
    Map<String, String> p = props("");
    p.remove("otel.presets.callbacks");
    p.remove("otel.presets.config");
    sdk = build(p);
    recordRequest(sdk.getTracer("test"), false);
    sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
    assertEquals(2, collector.awaitSpans(2, WAIT).size());
    phoenix.assertNoMoreSpans(Duration.ofMillis(300));
    langfuse.assertNoMoreSpans(Duration.ofMillis(1));
  }

  @Test
  void unknownCallbackFailsStartupNamingThePropertyAndTheAvailablePresets() throws IOException {
    Map<String, String> p = props("langfuse,phonix");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> build(p));
    String m = e.getMessage();
    assertTrue(m.contains("unknown callback 'phonix'"), m);
    assertTrue(m.contains("Did you mean 'phoenix'"), m);
    assertTrue(m.contains("otel.presets.callbacks"), m);
    assertTrue(m.contains("langfuse") && m.contains("arize") && m.contains("weave"), m);
  }

  @Test
  void callbacksFromTheConfigFileWorkWithoutTheProperty() throws IOException {
    Map<String, String> p = props("x");
    p.remove("otel.presets.callbacks");
    Path file = Path.of(p.get("otel.presets.config"));
    Files.writeString(file, "callbacks: [langfuse]\n" + Files.readString(file));
    sdk = build(p);
    String[] ids = recordRequest(sdk.getTracer("test"), false);
    sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
    assertEquals("generation", llmSpan(langfuse, ids).stringAttribute("langfuse.observation.type"));
    phoenix.assertNoMoreSpans(Duration.ofMillis(300));
  }

  /** Exactly the two spans of the request; returns the LLM span after checking its parent. */
  static ReceivedSpan llmSpan(OtlpReceiver receiver, String[] ids) {
    List<ReceivedSpan> spans = receiver.awaitSpans(2, WAIT);
    assertEquals(2, spans.size(), receiver.name() + ": " + spans);
    ReceivedSpan llm =
        spans.stream()
            .filter(s -> s.spanId().equals(ids[1]))
            .findFirst()
            .orElseThrow(() -> new AssertionError(receiver.name() + " has no LLM span: " + spans));
    assertEquals(ids[0], llm.parentSpanId(), receiver.name() + ": LLM span's parent");
    assertTrue(
        spans.stream().anyMatch(s -> s.spanId().equals(ids[0])),
        receiver.name() + " has the server span");
    return llm;
  }

  static void assertNoKeys(ReceivedSpan span, String prefix) {
    span.attributes()
        .keySet()
        .forEach(k -> assertFalse(k.startsWith(prefix), span + " carries " + k));
  }
}
