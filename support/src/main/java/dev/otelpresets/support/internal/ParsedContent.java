package dev.otelpresets.support.internal;

import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent;
import io.opentelemetry.api.common.Attributes;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * A span's {@link GenAiContent}, parsed from its canonical attributes on first use and kept: the
 * first accessor called parses every JSON-valued content key at once, under a lock; later calls,
 * from any thread, read the result. Nothing is parsed when no accessor is called (a mapper that
 * reads no content). Holds the attributes it reads and what was parsed from them, no more: it lives
 * as long as whoever holds it (the core attaches one to each span for as long as the span is
 * queued for export).
 *
 * <p>Unstable internal API of the core and the built-in presets, not part of the SPI.
 */
public final class ParsedContent implements GenAiContent {
  private static final LongAdder PARSES = new LongAdder();

  private final Attributes attributes;
  private volatile Parsed parsed;

  private record Parsed(
      List<ChatMessage> input,
      List<ChatMessage> output,
      List<MessagePart> system,
      List<ToolDefinition> tools,
      Object toolCallArguments,
      Object toolCallResult,
      Object metadata,
      Object retrievalDocuments,
      boolean plainMessages) {}

  /** The content of a span with these canonical attributes (nothing is parsed yet). */
  public ParsedContent(Attributes attributes) {
    this.attributes = Objects.requireNonNull(attributes, "attributes");
  }

  /** The attributes this content is read from. */
  public Attributes attributes() {
    return attributes;
  }

  /**
   * Whether this content is the content of {@code other}: every content key holds the very same
   * string there (the same object, as on every view of one ended span), so nothing needs parsing
   * again. A changed value (content redacted for one backend, say) is not the same content.
   */
  public boolean readsSameAs(Attributes other) {
    return other == attributes
        || same(other, GenAiAttributes.INPUT_MESSAGES)
            && same(other, GenAiAttributes.OUTPUT_MESSAGES)
            && same(other, GenAiAttributes.SYSTEM_INSTRUCTIONS)
            && same(other, GenAiAttributes.TOOL_DEFINITIONS)
            && same(other, GenAiAttributes.TOOL_CALL_ARGUMENTS)
            && same(other, GenAiAttributes.TOOL_CALL_RESULT)
            && same(other, GenAiAttributes.METADATA)
            && same(other, GenAiAttributes.RETRIEVAL_DOCUMENTS);
  }

  private boolean same(Attributes other, io.opentelemetry.api.common.AttributeKey<String> key) {
    return other.get(key) == attributes.get(key);
  }

  /** Spans' content parsed so far in this process (each instance parses at most once). */
  public static long parses() {
    return PARSES.sum();
  }

  private Parsed parsed() {
    Parsed p = parsed;
    if (p == null) {
      synchronized (this) {
        p = parsed;
        if (p == null) {
          p = parse(attributes);
          parsed = p;
        }
      }
    }
    return p;
  }

  private static Parsed parse(Attributes a) {
    PARSES.increment();
    String rawInput = a.get(GenAiAttributes.INPUT_MESSAGES);
    String rawOutput = a.get(GenAiAttributes.OUTPUT_MESSAGES);
    String rawSystem = a.get(GenAiAttributes.SYSTEM_INSTRUCTIONS);
    // one pass over each text decides both whether its strings need the reader's check for
    // control characters and whether they are plain
    int inputFlags = Json.scan(rawInput);
    int outputFlags = Json.scan(rawOutput);
    int systemFlags = Json.scan(rawSystem);
    List<ChatMessage> input = GenAiJson.readMessages(rawInput, (inputFlags & Json.CONTROL) == 0);
    List<ChatMessage> output = GenAiJson.readMessages(rawOutput, (outputFlags & Json.CONTROL) == 0);
    List<MessagePart> system = GenAiJson.readParts(rawSystem, (systemFlags & Json.CONTROL) == 0);
    boolean plain =
        ((inputFlags | outputFlags | systemFlags) & (Json.BACKSLASH | Json.LONE_SURROGATE)) == 0
            && plainTexts(input)
            && plainParts(system);
    return new Parsed(
        // shared by every backend's mapper: read-only
        unmodifiable(input),
        unmodifiable(output),
        unmodifiable(system),
        unmodifiable(GenAiJson.readToolDefinitions(a.get(GenAiAttributes.TOOL_DEFINITIONS))),
        Json.parseOrDefault(a.get(GenAiAttributes.TOOL_CALL_ARGUMENTS), null),
        Json.parseOrDefault(a.get(GenAiAttributes.TOOL_CALL_RESULT), null),
        Json.parseOrDefault(a.get(GenAiAttributes.METADATA), null),
        Json.parseOrDefault(a.get(GenAiAttributes.RETRIEVAL_DOCUMENTS), null),
        plain && plainTexts(output));
  }

  private static boolean plainTexts(List<ChatMessage> messages) {
    for (int i = 0; i < messages.size(); i++) {
      if (!plainParts(messages.get(i).parts())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether no text part is JSON written from a non-string {@code content} with strings in it: the
   * one kind of string the lenient reader makes rather than reads (quotes included), which starts
   * like an object or array.
   */
  private static boolean plainParts(List<MessagePart> parts) {
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i) instanceof MessagePart.Text t) {
        String c = t.content();
        if (!c.isEmpty() && (c.charAt(0) == '{' || c.charAt(0) == '[') && c.indexOf('"') >= 0) {
          return false;
        }
      }
    }
    return true;
  }

  private static <T> List<T> unmodifiable(List<T> list) {
    return list.isEmpty() ? List.of() : Collections.unmodifiableList(list);
  }

  /**
   * Whether the messages this content was read from are {@link Json#isPlain plain} JSON, hold no
   * text written from a non-string value with strings in it, and are the very strings {@code in}
   * carries. Then those attributes and every string of {@link #inputMessages}, {@link
   * #outputMessages} and {@link #systemInstructions} are valid UTF-16 as they are (no lone
   * surrogate to replace), and each such string is its own JSON text (no quote, backslash or
   * control character to escape); strings a mapper derives from them (a tool call's arguments
   * written as JSON, texts joined by newlines) are still valid UTF-16 but may need escaping.
   * Decided once per span, with the parse, for every backend's mapper; a mapper that writes these
   * strings may then skip its own scans of them.
   */
  public boolean plainMessages(Attributes in) {
    return plainMessages()
        && same(in, GenAiAttributes.INPUT_MESSAGES)
        && same(in, GenAiAttributes.OUTPUT_MESSAGES)
        && same(in, GenAiAttributes.SYSTEM_INSTRUCTIONS);
  }

  /**
   * Whether the messages this content was read from (its own attributes'), and so every string read
   * from them, are {@link Json#isPlain plain}; see {@link #plainMessages(Attributes)}.
   */
  public boolean plainMessages() {
    return parsed().plainMessages();
  }

  @Override
  public List<ChatMessage> inputMessages() {
    return parsed().input();
  }

  @Override
  public List<ChatMessage> outputMessages() {
    return parsed().output();
  }

  @Override
  public List<MessagePart> systemInstructions() {
    return parsed().system();
  }

  @Override
  public List<ToolDefinition> toolDefinitions() {
    return parsed().tools();
  }

  @Override
  public Object toolCallArguments() {
    return parsed().toolCallArguments();
  }

  @Override
  public Object toolCallResult() {
    return parsed().toolCallResult();
  }

  @Override
  public Object metadata() {
    return parsed().metadata();
  }

  @Override
  public Object retrievalDocuments() {
    return parsed().retrievalDocuments();
  }

  @Override
  public String toString() {
    return "ParsedContent{parsed=" + (parsed != null) + "}"; // never the content itself
  }
}
