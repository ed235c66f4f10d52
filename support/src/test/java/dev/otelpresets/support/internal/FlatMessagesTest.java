package dev.otelpresets.support.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatMessagesTest {

  @Test
  void contentIsTheTextElseTheToolResponses() {
    assertEquals(
        "a\nb",
        FlatMessages.content(
            new ChatMessage(
                "user", List.of(new MessagePart.Text("a"), new MessagePart.Text("b")), null)));
    assertEquals(
        "sunny\n{\"t\":21}",
        FlatMessages.content(
            new ChatMessage(
                "tool",
                List.of(
                    new MessagePart.ToolCallResponse("c1", "sunny"),
                    new MessagePart.ToolCallResponse("c2", Map.of("t", 21L))),
                null)));
    assertNull(
        FlatMessages.content(
            new ChatMessage(
                "assistant", List.of(new MessagePart.ToolCall("c1", "f", Map.of())), null)));
  }

  @Test
  void keepsTheHeadTheOutputsAndTheNewestTurnsThatFit() {
    // system, first user turn, six middle turns, one output; 2 attributes each, budget 10
    List<Integer> inputs = List.of(2, 2, 2, 2, 2, 2, 2, 2);
    FlatMessages.Kept kept = FlatMessages.keep(inputs, true, List.of(2), i -> i, 10);
    assertArrayEquals(
        new boolean[] {true, true, false, false, false, false, true, true}, kept.inputs());
    assertArrayEquals(new boolean[] {true}, kept.outputs());
  }

  @Test
  void aTurnTooLargeStopsTheWalkBackSoTheKeptTurnsStayContiguous() {
    FlatMessages.Kept kept = FlatMessages.keep(List.of(1, 1, 1, 9, 1), false, List.of(), i -> i, 4);
    assertArrayEquals(new boolean[] {true, false, false, false, true}, kept.inputs());
  }

  @Test
  void nothingFitsNothingKept() {
    FlatMessages.Kept kept = FlatMessages.keep(List.of(3), false, List.of(3), i -> i, 2);
    assertArrayEquals(new boolean[] {false}, kept.inputs());
    assertArrayEquals(new boolean[] {false}, kept.outputs());
  }
}
