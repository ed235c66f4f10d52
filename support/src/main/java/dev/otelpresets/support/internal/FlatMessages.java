package dev.otelpresets.support.internal;

import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * What the mappers that flatten messages into one attribute per field ({@code
 * llm.input_messages.<i>.*}, {@code gen_ai.prompt.<i>.*}) share: a message's content as one string,
 * and which whole messages to keep when the attribute limit cannot hold them all. Unstable internal
 * API of the built-in presets, not part of the SPI's compatibility promise.
 */
public final class FlatMessages {
  private FlatMessages() {}

  /**
   * The text parts joined by newlines; for a message without text (a tool's answer), its tool
   * responses joined the same way, as chat APIs carry a tool result in {@code content}. Null when
   * there is neither.
   */
  public static String content(ChatMessage m) {
    String text = m.textContent();
    if (text != null) {
      return text;
    }
    StringBuilder sb = null;
    for (MessagePart p : m.parts()) {
      if (p instanceof MessagePart.ToolCallResponse r && r.response() != null) {
        sb = sb == null ? new StringBuilder() : sb.append('\n');
        sb.append(GenAiJson.responseText(r));
      }
    }
    return sb == null ? null : sb.toString();
  }

  /**
   * Which messages are kept.
   *
   * @param inputs per input message, whether it is kept
   * @param outputs per output message, whether it is kept
   */
  public record Kept(boolean[] inputs, boolean[] outputs) {}

  /**
   * Chooses the whole messages that fit in {@code budget} attributes: the first input turn (and
   * the first turn after it when the first is a system message), then the output messages, then
   * input turns from the newest backwards until one does not fit — so the middle of a long
   * history goes first and the kept newest turns stay contiguous. Callers write the kept messages
   * in their original order, numbered from 0.
   *
   * @param inputs the input messages, in order
   * @param systemFirst whether the first input message is a system message
   * @param outputs the output messages, in order
   * @param size how many attributes a message takes
   * @param budget the attributes left for messages
   */
  public static <T> Kept keep(
      List<T> inputs,
      boolean systemFirst,
      List<T> outputs,
      ToIntFunction<? super T> size,
      int budget) {
    int[] in = sizes(inputs, size);
    int[] out = sizes(outputs, size);
    boolean[] keepIn = new boolean[in.length];
    boolean[] keepOut = new boolean[out.length];
    int used = 0;
    int head = 0;
    if (in.length > 0) {
      head = 1;
      used = keep(in, keepIn, 0, used, budget);
      if (systemFirst && in.length > 1) {
        head = 2;
        used = keep(in, keepIn, 1, used, budget);
      }
    }
    for (int j = 0; j < out.length; j++) {
      used = keep(out, keepOut, j, used, budget);
    }
    for (int i = in.length - 1; i >= head; i--) {
      if (used + in[i] > budget) {
        break; // keep the newest turns contiguous
      }
      keepIn[i] = true;
      used += in[i];
    }
    return new Kept(keepIn, keepOut);
  }

  private static <T> int[] sizes(List<T> messages, ToIntFunction<? super T> size) {
    int[] sizes = new int[messages.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = size.applyAsInt(messages.get(i));
    }
    return sizes;
  }

  private static int keep(int[] sizes, boolean[] keep, int i, int used, int budget) {
    if (used + sizes[i] <= budget) {
      keep[i] = true;
      return used + sizes[i];
    }
    return used;
  }
}
