package dev.otelpresets.presets.openinference;

import static dev.otelpresets.presets.openinference.CanonicalSpans.chatCall;
import static dev.otelpresets.presets.openinference.CanonicalSpans.llm;
import static dev.otelpresets.presets.openinference.OpenInferenceMapperTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.testkit.Mapping;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The output's shape where the export-path work changed how it is built (shared keys, the array
 * backed set, keys appended without look-up, the extension builder): names stay unique, the
 * flattened keys are right past the key cache's bound, and extensions keep their contract.
 */
class OpenInferenceOutputShapeTest {
  private final OpenInferenceMapper mapper = OpenInferenceMapper.create();

  static void assertUniqueNames(Attributes out) {
    Set<String> names = new HashSet<>();
    out.forEach((k, v) -> assertTrue(names.add(k.getKey()), () -> "sent twice: " + k.getKey()));
    assertEquals(out.size(), names.size());
  }

  private static String messages(int n) {
    List<ChatMessage> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(
          new ChatMessage(
              i % 2 == 0 ? "user" : "assistant",
              List.of(
                  new MessagePart.Text("turn " + i),
                  new MessagePart.ToolCall("call-" + i, "lookup", Map.of("q", i))),
              null));
    }
    return GenAiJson.writeMessages(list);
  }

  @Test
  void flattenedKeysAreRightBeyondTheKeyCache() {
    int n = OpenInferenceKeys.MAX_CACHED_MESSAGES + 20;
    Attributes out =
        Mapping.map(
            mapper,
            llm(chatCall().put(GenAiAttributes.INPUT_MESSAGES, messages(n)).build()),
            10_000);
    assertUniqueNames(out);
    for (int i :
        new int[] {
          0,
          3,
          OpenInferenceKeys.MAX_CACHED_MESSAGES - 1,
          OpenInferenceKeys.MAX_CACHED_MESSAGES,
          n - 1
        }) {
      // index 0 is the system instruction of chatCall(), so message i is at i + 1
      String p = "llm.input_messages." + (i + 1) + ".message.";
      assertEquals(i % 2 == 0 ? "user" : "assistant", get(out, p + "role"), p);
      assertEquals("turn " + i, get(out, p + "content"), p);
      assertEquals("call-" + i, get(out, p + "tool_calls.0.tool_call.id"), p);
      assertEquals("lookup", get(out, p + "tool_calls.0.tool_call.function.name"), p);
      assertEquals(
          "{\"q\":" + i + "}", get(out, p + "tool_calls.0.tool_call.function.arguments"), p);
    }
  }

  @Test
  void flattenedKeysAreSharedFromSpanToSpan() {
    Attributes a =
        Mapping.map(mapper, llm(chatCall().build()), AttributeMapper.DEFAULT_ATTRIBUTE_LIMIT);
    Attributes b =
        Mapping.map(mapper, llm(chatCall().build()), AttributeMapper.DEFAULT_ATTRIBUTE_LIMIT);
    assertSame(
        key(a, "llm.input_messages.1.message.content"),
        key(b, "llm.input_messages.1.message.content"));
    assertSame(key(a, "llm.model_name"), key(b, "llm.model_name"));
  }

  private static AttributeKey<?> key(Attributes a, String name) {
    AttributeKey<?>[] found = {null};
    a.forEach(
        (k, v) -> {
          if (k.getKey().equals(name)) {
            found[0] = k;
          }
        });
    return found[0];
  }

  @Test
  void aHostKeyUnderLlmIsReplacedNotDuplicated() {
    Attributes out =
        Mapping.map(
            mapper,
            llm(
                chatCall()
                    .put("llm.input_messages.0.message.role", "host value")
                    .put("llm.tools.0.tool.json_schema", "host schema")
                    .put(GenAiAttributes.TOOL_DEFINITIONS, CanonicalSpans.tools())
                    .build()),
            AttributeMapper.DEFAULT_ATTRIBUTE_LIMIT);
    assertUniqueNames(out);
    assertEquals("system", get(out, "llm.input_messages.0.message.role"));
    assertTrue(((String) get(out, "llm.tools.0.tool.json_schema")).startsWith("{\"type\""));
  }

  @Test
  void embeddedTextsReplaceAHostKeyOfTheSameNameAndStayWithinTheLimit() {
    Attributes canonical =
        Attributes.builder()
            .put(GenAiAttributes.OPERATION_NAME, "embeddings")
            .put(GenAiAttributes.REQUEST_MODEL, "text-embedding-3-small")
            .put(
                GenAiAttributes.INPUT_MESSAGES,
                GenAiJson.writeMessages(
                    List.of(
                        ChatMessage.text("user", "a"),
                        ChatMessage.text("user", "b"),
                        ChatMessage.text("user", "c"))))
            .put("embedding.embeddings.0.embedding.text", "host value")
            .build();
    Attributes out = Mapping.map(mapper, llm(canonical), AttributeMapper.DEFAULT_ATTRIBUTE_LIMIT);
    assertUniqueNames(out);
    assertEquals("a", get(out, "embedding.embeddings.0.embedding.text"));
    assertEquals("c", get(out, "embedding.embeddings.2.embedding.text"));
    for (int limit = 1; limit <= 12; limit++) {
      Attributes tight = Mapping.map(mapper, llm(canonical), limit);
      assertUniqueNames(tight);
      assertTrue(tight.size() <= limit, "limit " + limit);
    }
  }

  @Test
  void everyCanonicalShapeMapsToUniqueNames() {
    for (Attributes canonical :
        List.of(
            chatCall().build(),
            chatCall().remove(GenAiAttributes.INPUT_MESSAGES).build(),
            Attributes.empty(),
            Attributes.of(
                GenAiAttributes.OPERATION_NAME,
                "embeddings",
                GenAiAttributes.REQUEST_MODEL,
                "text-embedding-3-small"),
            Attributes.of(
                GenAiAttributes.OPERATION_NAME,
                "execute_tool",
                GenAiAttributes.TOOL_NAME,
                "lookup",
                GenAiAttributes.ERROR_TYPE,
                "timeout"))) {
      for (int limit : new int[] {1, 5, 20, 128}) {
        Attributes out = Mapping.map(mapper, llm(canonical), limit);
        assertUniqueNames(out);
        assertTrue(out.size() <= limit);
      }
    }
  }

  @Test
  void extensionsWriteThroughABuilderThatKeepsTheirContract() {
    AttributeKey<String> a = AttributeKey.stringKey("x.a");
    AttributeKey<String> b = AttributeKey.stringKey("x.b");
    AttributeKey<Long> c = AttributeKey.longKey("x.c");
    OpenInferenceMapper m =
        OpenInferenceMapper.builder()
            .addExtension(
                (span, kind, out) -> {
                  out.put(a, "first");
                  out.put(a, "second"); // later put wins
                  out.put(b, "removed");
                  out.remove(b);
                  out.put(c, 7); // the int overload
                  out.put(AttributeKey.stringKey("x.null"), null);
                  out.put(
                      GenAiAttributes.USER_ID, "replaced"); // replaces the mapper's key in place
                })
            .addExtension(
                (span, kind, out) -> {
                  out.put(AttributeKey.stringKey("x.broken"), "never sent");
                  throw new IllegalStateException("broken extension");
                })
            .build();
    Attributes out =
        Mapping.map(
            m,
            llm(chatCall().put(GenAiAttributes.USER_ID, "u1").build()),
            AttributeMapper.DEFAULT_ATTRIBUTE_LIMIT);
    assertUniqueNames(out);
    assertEquals("second", get(out, "x.a"));
    assertNull(get(out, "x.b"));
    assertEquals(7L, get(out, "x.c"));
    assertNull(get(out, "x.null"));
    assertNull(get(out, "x.broken"));
    assertEquals("replaced", get(out, "user.id"));
    assertEquals("LLM", get(out, "openinference.span.kind"));
  }
}
