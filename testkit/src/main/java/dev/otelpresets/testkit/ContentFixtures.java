package dev.otelpresets.testkit;

import dev.otelpresets.spi.genai.GenAiContent;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Content for tests that compare a mapper's fast path on content known to be plain with the path
 * it skips: random texts over an alphabet, and a view of a content that hides what its source
 * knows about it.
 */
public final class ContentFixtures {
  private ContentFixtures() {}

  /** Up to 9 code points drawn from {@code alphabet} (an emoji counts as one, both its halves). */
  public static String text(Random random, String alphabet) {
    StringBuilder sb = new StringBuilder();
    int[] codePoints = alphabet.codePoints().toArray();
    for (int i = random.nextInt(10); i > 0; i--) {
      sb.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
    }
    return sb.toString();
  }

  /**
   * {@code content} as a content a mapper cannot know to be plain: every view forwarded, nothing
   * else (no parsed-content type a mapper could recognise).
   */
  public static GenAiContent opaque(GenAiContent content) {
    Objects.requireNonNull(content, "content");
    return new GenAiContent() {
      @Override
      public List<ChatMessage> inputMessages() {
        return content.inputMessages();
      }

      @Override
      public List<ChatMessage> outputMessages() {
        return content.outputMessages();
      }

      @Override
      public List<MessagePart> systemInstructions() {
        return content.systemInstructions();
      }

      @Override
      public List<ToolDefinition> toolDefinitions() {
        return content.toolDefinitions();
      }

      @Override
      public Object toolCallArguments() {
        return content.toolCallArguments();
      }

      @Override
      public Object toolCallResult() {
        return content.toolCallResult();
      }

      @Override
      public Object metadata() {
        return content.metadata();
      }

      @Override
      public Object retrievalDocuments() {
        return content.retrievalDocuments();
      }
    };
  }
}
