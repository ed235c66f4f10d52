package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.support.internal.ParsedContent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fan-out hands every backend the same span, and with it one parse of the span's content:
 * three backends, each on its own export thread, map each span; the content is parsed once per
 * span, and every mapper reads the same messages.
 */
class SharedContentSpanTest {
  private static final String INPUT =
      GenAiJson.writeMessages(
          List.of(ChatMessage.text("user", "Bonjour \u00e9\u00e8 \uD83D\uDE00\r\nline two")));

  /** A mapper that reads the content and keeps what it was handed, per span. */
  private static final class Reading implements AttributeMapper {
    final Map<String, GenAiContent> seen = new ConcurrentHashMap<>();

    @Override
    public Attributes map(SpanData span, GenAiContent content, int limit) {
      seen.put(span.getSpanId(), content);
      if (span.getAttributes().get(GenAiAttributes.INPUT_MESSAGES) == null) {
        return span.getAttributes(); // as real mappers: no content key, no content asked for
      }
      String text =
          content.inputMessages().isEmpty() ? null : content.inputMessages().get(0).textContent();
      return text == null
          ? span.getAttributes()
          : span.getAttributes().toBuilder().put("read", text).build();
    }
  }

  @Test
  void threeBackendsShareOneParsePerSpan() {
    int spans = 50;
    List<Reading> mappers = List.of(new Reading(), new Reading(), new Reading());
    List<InMemorySpanExporter> sinks = new ArrayList<>();
    List<SpanProcessor> backends = new ArrayList<>();
    for (int i = 0; i < mappers.size(); i++) {
      InMemorySpanExporter sink = InMemorySpanExporter.create();
      sinks.add(sink);
      backends.add(
          BatchSpanProcessor.builder(
                  new OwnerScopedSpanExporter(
                      ExporterOwner.of("b" + i), mappers.get(i), Attributes.empty(), sink, 128))
              .setScheduleDelay(Duration.ofHours(1))
              .build());
    }
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(FanOutSpanProcessor.of(backends, 1_000))
            .build();
    long before = ParsedContent.parses();
    for (int i = 0; i < spans; i++) {
      Span s = provider.get("t").spanBuilder("chat").startSpan();
      s.setAttribute(GenAiAttributes.INPUT_MESSAGES, INPUT);
      // an internal key: each backend maps a stripped view, whose content is still the span's
      s.setAttribute(GenAiAttributes.INTERNAL_PREFIX + "tenant", "t1");
      s.end();
      provider.get("t").spanBuilder("server").startSpan().end(); // no content: never parsed
    }
    provider.forceFlush().join(10, TimeUnit.SECONDS);
    try {
      assertEquals(spans, ParsedContent.parses() - before, "one parse per span with content");
      for (InMemorySpanExporter sink : sinks) {
        List<SpanData> out = sink.getFinishedSpanItems();
        assertEquals(2 * spans, out.size());
        out.stream()
            .filter(d -> d.getName().equals("chat"))
            .forEach(
                d ->
                    assertEquals(
                        "Bonjour \u00e9\u00e8 \uD83D\uDE00\r\nline two",
                        d.getAttributes().get(AttributeKey.stringKey("read"))));
      }
      Set<GenAiContent> distinct = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      for (Reading m : mappers) {
        assertEquals(2 * spans, m.seen.size());
      }
      for (String spanId : mappers.get(0).seen.keySet()) {
        GenAiContent first = mappers.get(0).seen.get(spanId);
        distinct.add(first);
        for (Reading m : mappers) {
          assertSame(first, m.seen.get(spanId), "every backend gets the span's one content");
        }
      }
      assertEquals(2 * spans, distinct.size(), "one content per span, none shared across spans");
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aSpanWhoseContentAStageChangedGetsItsOwnContent() {
    InMemorySpanExporter sink = InMemorySpanExporter.create();
    List<SpanData> exported = new ArrayList<>();
    // a span as the fan-out hands it to a backend
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                FanOutSpanProcessor.of(
                    List.of(
                        io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(sink),
                        io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(
                            InMemorySpanExporter.create())),
                    10))
            .build();
    Span s = provider.get("t").spanBuilder("chat").startSpan();
    s.setAttribute(GenAiAttributes.INPUT_MESSAGES, INPUT);
    s.end();
    provider.forceFlush().join(10, TimeUnit.SECONDS);
    exported.addAll(sink.getFinishedSpanItems());
    SpanData span = exported.get(0);
    GenAiContent shared = SharedContentSpan.contentFor(span, span.getAttributes());
    assertSame(shared, SharedContentSpan.contentFor(span, span.getAttributes()));
    // a stage redacted the input for one backend: that backend reads the redacted text
    Attributes redacted =
        span.getAttributes().toBuilder()
            .put(
                GenAiAttributes.INPUT_MESSAGES,
                GenAiJson.writeMessages(List.of(ChatMessage.text("user", "[redacted]"))))
            .build();
    GenAiContent own = SharedContentSpan.contentFor(span, redacted);
    assertNotSame(shared, own);
    assertEquals("[redacted]", own.inputMessages().get(0).textContent());
    assertTrue(shared.inputMessages().get(0).textContent().startsWith("Bonjour"));
    // a span that did not pass the fan-out (one backend only) parses its own
    SpanData plain = new DelegatingSpanData(span) {};
    assertNotSame(shared, SharedContentSpan.contentFor(plain, plain.getAttributes()));
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }
}
