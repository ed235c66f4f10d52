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
      Object retrievalDocuments) {}

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
    return new Parsed(
        // shared by every backend's mapper: read-only
        unmodifiable(GenAiJson.readMessages(a.get(GenAiAttributes.INPUT_MESSAGES))),
        unmodifiable(GenAiJson.readMessages(a.get(GenAiAttributes.OUTPUT_MESSAGES))),
        unmodifiable(GenAiJson.readParts(a.get(GenAiAttributes.SYSTEM_INSTRUCTIONS))),
        unmodifiable(GenAiJson.readToolDefinitions(a.get(GenAiAttributes.TOOL_DEFINITIONS))),
        Json.parseOrDefault(a.get(GenAiAttributes.TOOL_CALL_ARGUMENTS), null),
        Json.parseOrDefault(a.get(GenAiAttributes.TOOL_CALL_RESULT), null),
        Json.parseOrDefault(a.get(GenAiAttributes.METADATA), null),
        Json.parseOrDefault(a.get(GenAiAttributes.RETRIEVAL_DOCUMENTS), null));
  }

  private static <T> List<T> unmodifiable(List<T> list) {
    return list.isEmpty() ? List.of() : Collections.unmodifiableList(list);
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
