package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentPolicyExporterTest {
  private static final String EMAIL = "jane.doe@example.com";
  private static final String MESSAGES =
      "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\","
          + "\"content\":\"mail "
          + EMAIL
          + "\"}]}]";
  private static final String TOOLS = "[{\"type\":\"function\",\"name\":\"lookup\"}]";

  private static SpanData span() {
    Attributes attributes =
        Attributes.builder()
            .put(GenAiAttributes.OPERATION_NAME, "chat")
            .put(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
            .put(GenAiAttributes.INPUT_MESSAGES, MESSAGES)
            .put(GenAiAttributes.OUTPUT_MESSAGES, MESSAGES)
            .put(GenAiAttributes.SYSTEM_INSTRUCTIONS, "[{\"type\":\"text\",\"content\":\"hi\"}]")
            .put(GenAiAttributes.TOOL_CALL_ARGUMENTS, "{\"to\":\"" + EMAIL + "\"}")
            .put(GenAiAttributes.TOOL_CALL_RESULT, "sent to " + EMAIL)
            .put(GenAiAttributes.RETRIEVAL_QUERY_TEXT, "who is " + EMAIL)
            .put(
                GenAiAttributes.RETRIEVAL_DOCUMENTS,
                "[{\"id\":\"d1\",\"content\":\"" + EMAIL + "\"}]")
            .put(GenAiAttributes.TOOL_DEFINITIONS, TOOLS)
            .put("input.value", "{\"q\":\"" + EMAIL + "\"}")
            .put("llm.input_messages.0.message.content", EMAIL)
            .put("embedding.embeddings.0.embedding.text", EMAIL)
            .put("langfuse.observation.output", EMAIL)
            .put(AttributeKey.stringArrayKey("gen_ai.prompt"), List.of(EMAIL, "x"))
            .put("otelpresets.internal.tenant", "t1")
            .build();
    List<EventData> events =
        List.of(
            EventData.create(
                1,
                "gen_ai.content.prompt",
                Attributes.of(
                    AttributeKey.stringKey("gen_ai.prompt"),
                    EMAIL,
                    AttributeKey.stringKey("text"),
                    "write " + EMAIL)),
            EventData.create(
                2,
                "exception",
                Attributes.of(
                    AttributeKey.stringKey("exception.type"),
                    "Boom",
                    GenAiAttributes.INPUT_MESSAGES,
                    MESSAGES)),
            EventData.create(3, "gen_ai.choice", Attributes.of(AttributeKey.longKey("index"), 0L)));
    return TestSpanData.builder()
        .setName("chat gpt-4o")
        .setKind(SpanKind.CLIENT)
        .setSpanContext(
            SpanContext.create(
                "0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331",
                TraceFlags.getSampled(),
                TraceState.getDefault()))
        .setStartEpochNanos(0)
        .setEndEpochNanos(10)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setAttributes(attributes)
        .setTotalAttributeCount(attributes.size() + 2)
        .setEvents(events)
        .setTotalRecordedEvents(events.size() + 1)
        .build();
  }

  @Test
  void noContentStripsEveryContentKeyAndEventAndLeavesTheRest() {
    InMemorySpanExporter sink = InMemorySpanExporter.create();
    ContentPolicyExporter policy =
        ContentPolicyExporter.create("langfuse", sink, true, List.of(ContentRedactorTest.EMAIL));
    SpanData original = span();
    policy.export(List.of(original));
    SpanData seen = sink.getFinishedSpanItems().get(0);

    Attributes a = seen.getAttributes();
    a.forEach(
        (k, v) ->
            assertFalse(ContentPolicyExporter.isContentKey(k.getKey()), "content key left: " + k));
    assertFalse(a.toString().contains("jane"), a.toString());
    assertEquals("chat", a.get(GenAiAttributes.OPERATION_NAME));
    assertEquals(TOOLS, a.get(GenAiAttributes.TOOL_DEFINITIONS), "definitions are not content");
    assertEquals(
        "t1",
        a.get(AttributeKey.stringKey("otelpresets.internal.tenant")),
        "internal keys stay for routing (the owner's exporter strips them)");
    assertEquals(4, a.size());
    assertEquals(4 + 2, seen.getTotalAttributeCount(), "the host's dropped ones stay counted");

    assertEquals(
        List.of("exception"),
        seen.getEvents().stream().map(EventData::getName).toList(),
        "content events are dropped whole");
    assertEquals(
        Attributes.of(AttributeKey.stringKey("exception.type"), "Boom"),
        seen.getEvents().get(0).getAttributes());
    assertEquals(1 + 1, seen.getTotalRecordedEvents());

    assertSame(original.getAttributes(), original.getAttributes());
    assertEquals(
        MESSAGES,
        original.getAttributes().get(GenAiAttributes.INPUT_MESSAGES),
        "the host's span is unchanged");
    assertEquals(3, original.getEvents().size());
    assertEquals(0, policy.redactionFailures());
  }

  @Test
  void redactionRewritesEveryContentValueAndContentEventAndNothingElse() {
    InMemorySpanExporter sink = InMemorySpanExporter.create();
    ContentPolicyExporter policy =
        ContentPolicyExporter.create("phoenix", sink, false, List.of(ContentRedactorTest.EMAIL));
    SpanData original = span();
    policy.export(List.of(original));
    SpanData seen = sink.getFinishedSpanItems().get(0);
    Attributes a = seen.getAttributes();
    assertEquals(original.getAttributes().size(), a.size());
    assertFalse(a.toString().contains(EMAIL), a.toString());
    assertEquals(MESSAGES.replace(EMAIL, "<email>"), a.get(GenAiAttributes.INPUT_MESSAGES));
    assertEquals("{\"to\":\"<email>\"}", a.get(GenAiAttributes.TOOL_CALL_ARGUMENTS));
    assertEquals("sent to <email>", a.get(GenAiAttributes.TOOL_CALL_RESULT));
    assertEquals(List.of("<email>", "x"), a.get(AttributeKey.stringArrayKey("gen_ai.prompt")));
    assertEquals("<email>", a.get(AttributeKey.stringKey("embedding.embeddings.0.embedding.text")));
    assertEquals(3, seen.getEvents().size());
    assertEquals(
        "write <email>",
        seen.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("text")),
        "every string of a content event");
    assertFalse(seen.getEvents().toString().contains(EMAIL), seen.getEvents().toString());
    assertSame(original.getEvents().get(2), seen.getEvents().get(2), "untouched event kept");
    assertEquals(
        MESSAGES,
        original.getAttributes().get(GenAiAttributes.INPUT_MESSAGES),
        "the host's span is unchanged");
  }

  @Test
  void withoutStripOrRulesTheSpanPassesAsItIs() {
    InMemorySpanExporter sink = InMemorySpanExporter.create();
    ContentPolicyExporter policy = ContentPolicyExporter.create("x", sink, false, List.of());
    SpanData original = span();
    policy.export(List.of(original));
    assertFalse(policy.isActive());
    assertSame(original, sink.getFinishedSpanItems().get(0));
  }

  @Test
  void aSpanWithoutContentIsPassedAsTheSameInstance() {
    InMemorySpanExporter sink = InMemorySpanExporter.create();
    ContentPolicyExporter policy = ContentPolicyExporter.create("x", sink, true, List.of());
    SpanData plain =
        TestSpanData.builder()
            .setName("GET /")
            .setKind(SpanKind.SERVER)
            .setStartEpochNanos(0)
            .setEndEpochNanos(1)
            .setHasEnded(true)
            .setStatus(StatusData.unset())
            .setAttributes(Attributes.of(AttributeKey.stringKey("http.route"), "/"))
            .build();
    policy.export(List.of(plain));
    assertSame(plain, sink.getFinishedSpanItems().get(0));
    assertNull(policy.apply(plain).getAttributes().get(GenAiAttributes.INPUT_MESSAGES));
  }
}
