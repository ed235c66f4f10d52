package dev.otelpresets.support.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.spi.genai.GenAiContent.ToolDefinition;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A span's content: parsed once, on first use, whichever thread asks first; then read-only. */
class ParsedContentTest {
  private static final String SECRET = "sk-PARSED-CONTENT-77e1";

  private static Attributes span() {
    return Attributes.builder()
        .put(
            GenAiAttributes.INPUT_MESSAGES,
            GenAiJson.writeMessages(
                List.of(ChatMessage.text("user", "key " + SECRET + " \u00e9\uD83D\uDE00\r\n"))))
        .put(GenAiAttributes.OUTPUT_MESSAGES, "not json at all")
        .put(
            GenAiAttributes.SYSTEM_INSTRUCTIONS,
            GenAiJson.writeParts(List.of(new MessagePart.Text("Be brief."))))
        .put(
            GenAiAttributes.TOOL_DEFINITIONS,
            GenAiJson.writeToolDefinitions(
                List.of(ToolDefinition.function("weather", null, Map.of("type", "object")))))
        .put(GenAiAttributes.TOOL_CALL_ARGUMENTS, "{\"city\":\"Paris\"}")
        .put(GenAiAttributes.TOOL_CALL_RESULT, "sunny, plain text")
        .put(GenAiAttributes.METADATA, "{\"team\":\"a\"}")
        .put(GenAiAttributes.RETRIEVAL_DOCUMENTS, "[{\"id\":\"d1\",\"score\":0.5}]")
        .build();
  }

  @Test
  void nothingIsParsedUntilAskedThenOnceForEveryThread() throws Exception {
    long before = ParsedContent.parses();
    ParsedContent content = new ParsedContent(span());
    assertEquals(before, ParsedContent.parses(), "not parsed when made");
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<Object> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 8; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                seen.add(content.inputMessages());
              });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(before + 1, ParsedContent.parses(), "one parse for eight threads");
    for (Object s : seen) {
      assertSame(seen.get(0), s, "every thread reads the same messages");
    }
    content.toolDefinitions();
    content.metadata();
    assertEquals(before + 1, ParsedContent.parses(), "the other accessors read the same parse");
  }

  @Test
  void everyContentKeyIsReadLenientlyAndReadOnly() {
    ParsedContent c = new ParsedContent(span());
    assertEquals(
        "key " + SECRET + " \u00e9\uD83D\uDE00\r\n", c.inputMessages().get(0).textContent());
    assertEquals(List.of(), c.outputMessages(), "malformed: empty, no exception");
    assertEquals(List.of(new MessagePart.Text("Be brief.")), c.systemInstructions());
    assertEquals("weather", c.toolDefinitions().get(0).name());
    assertEquals(Map.of("city", "Paris"), c.toolCallArguments());
    assertNull(c.toolCallResult(), "plain text is not JSON");
    assertEquals(Map.of("team", "a"), c.metadata());
    assertEquals(List.of(Map.of("id", "d1", "score", 0.5)), c.retrievalDocuments());
    assertNull(
        new ParsedContent(Attributes.of(GenAiAttributes.RETRIEVAL_DOCUMENTS, "[oops"))
            .retrievalDocuments(),
        "malformed: null, no exception");
    assertThrows(
        UnsupportedOperationException.class,
        () -> c.inputMessages().add(ChatMessage.text("user", "x")),
        "shared: read-only");
    assertFalse(c.toString().contains(SECRET), c.toString());
  }

  @Test
  void plainMessagesAreDecidedOverAllThreeMessageKeysAndOnlyForTheirOwnStrings() {
    String input =
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hi \uD83D\uDE00\"}]}]";
    String output = "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"ok\"}]}]";
    Attributes a =
        Attributes.builder()
            .put(GenAiAttributes.INPUT_MESSAGES, input)
            .put(GenAiAttributes.OUTPUT_MESSAGES, output)
            .put(
                GenAiAttributes.SYSTEM_INSTRUCTIONS,
                "[{\"type\":\"text\",\"content\":\"Be brief.\"}]")
            .put(GenAiAttributes.TOOL_CALL_RESULT, "not \\ plain, but not a message")
            .build();
    ParsedContent c = new ParsedContent(a);
    assertTrue(c.plainMessages());
    assertTrue(c.plainMessages(a));
    assertTrue(c.plainMessages(a.toBuilder().put(GenAiAttributes.METADATA, "{}").build()));
    assertFalse(
        c.plainMessages(
            a.toBuilder().put(GenAiAttributes.INPUT_MESSAGES, new String(input)).build()),
        "equal text but another string: not the messages this content read");
    assertTrue(new ParsedContent(Attributes.empty()).plainMessages(), "no messages at all");
    String objectText =
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":{\"k\":\"v\"}}]}]";
    ParsedContent written =
        new ParsedContent(a.toBuilder().put(GenAiAttributes.OUTPUT_MESSAGES, objectText).build());
    assertEquals("{\"k\":\"v\"}", written.outputMessages().get(0).textContent());
    assertFalse(written.plainMessages(), "a text the reader wrote as JSON, quotes and all");
    String numbers =
        "[{\"type\":\"text\",\"content\":[1,2]},{\"type\":\"text\",\"content\":\"[no quotes]\"}]";
    assertTrue(
        new ParsedContent(a.toBuilder().put(GenAiAttributes.SYSTEM_INSTRUCTIONS, numbers).build())
            .plainMessages(),
        "JSON text without strings needs no escaping");
    for (AttributeKey<String> key :
        List.of(
            GenAiAttributes.INPUT_MESSAGES,
            GenAiAttributes.OUTPUT_MESSAGES,
            GenAiAttributes.SYSTEM_INSTRUCTIONS)) {
      assertFalse(
          new ParsedContent(a.toBuilder().put(key, "[\"a\\u00e9\"]").build()).plainMessages(),
          key + " with an escape");
      assertFalse(
          new ParsedContent(a.toBuilder().put(key, "[\"a\uD800\"]").build()).plainMessages(),
          key + " with a lone surrogate");
    }
  }

  @Test
  void theSameContentIsRecognisedByItsStringsAndAChangedOneIsNot() {
    Attributes a = span();
    ParsedContent c = new ParsedContent(a);
    Attributes view = a.toBuilder().put(GenAiAttributes.INTERNAL_PREFIX + "tenant", "t").build();
    assertTrue(c.readsSameAs(view), "other keys changed, content strings the same objects");
    Attributes redacted = a.toBuilder().put(GenAiAttributes.METADATA, "{}").build();
    assertFalse(c.readsSameAs(redacted));
    assertFalse(
        c.readsSameAs(a.toBuilder().put(GenAiAttributes.RETRIEVAL_DOCUMENTS, "[]").build()),
        "redacted documents are other content");
    assertFalse(c.readsSameAs(Attributes.empty()));
  }
}
