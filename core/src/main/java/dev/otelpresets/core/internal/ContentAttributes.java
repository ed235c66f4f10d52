package dev.otelpresets.core.internal;

import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.List;
import java.util.Objects;

/**
 * The canonical content attributes ({@code gen_ai.input.messages}, {@code gen_ai.output.messages},
 * {@code gen_ai.system_instructions}) written exactly as the recording API writes them: the
 * conventions' JSON, each value valid JSON within the attribute value length limit. For content
 * recorded elsewhere (the Java agent's GenAI log events) that joins a span on its way to export.
 *
 * <p>Internal: not a stable API.
 */
public final class ContentAttributes {
  private final ContentLimit limit;

  /** Writes values of at most {@code maxValueLength} characters. */
  public ContentAttributes(int maxValueLength) {
    this.limit = new ContentLimit(maxValueLength);
  }

  /** The attributes for what is not empty; an empty list adds no key. */
  public Attributes of(
      List<ChatMessage> input, List<MessagePart> systemInstructions, List<ChatMessage> output) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(systemInstructions, "systemInstructions");
    Objects.requireNonNull(output, "output");
    AttributesBuilder b = Attributes.builder();
    if (!input.isEmpty()) {
      put(b, GenAiAttributes.INPUT_MESSAGES, limit.messages(input));
    }
    if (!systemInstructions.isEmpty()) {
      put(b, GenAiAttributes.SYSTEM_INSTRUCTIONS, limit.parts(systemInstructions));
    }
    if (!output.isEmpty()) {
      put(b, GenAiAttributes.OUTPUT_MESSAGES, limit.messages(output));
    }
    return b.build();
  }

  private static void put(
      AttributesBuilder b, io.opentelemetry.api.common.AttributeKey<String> key, String value) {
    if (value != null) {
      b.put(key, value);
    }
  }
}
