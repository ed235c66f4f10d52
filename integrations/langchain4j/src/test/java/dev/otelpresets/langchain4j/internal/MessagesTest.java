package dev.otelpresets.langchain4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.output.FinishReason;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.spi.genai.GenAiContent.ToolDefinition;
import dev.otelpresets.support.internal.GenAiJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagesTest {

  @Test
  void toolCallsWithInvalidJsonArgumentsKeepTheRawText() {
    AiMessage ai =
        AiMessage.from(
            List.of(
                ToolExecutionRequest.builder().id("c1").name("t").arguments("{\"a\":1}").build(),
                ToolExecutionRequest.builder().id("c2").name("t").arguments("{not json").build()));
    ChatMessage m = Messages.assistant(ai, FinishReason.TOOL_EXECUTION);
    assertEquals("tool_calls", m.finishReason());
    assertEquals(
        List.of(
            new MessagePart.ToolCall("c1", "t", Map.of("a", 1L)),
            new MessagePart.ToolCall("c2", "t", "{not json")),
        m.toolCalls());
  }

  @Test
  void nonTextContentIsNamedNotCopied() {
    UserMessage u =
        UserMessage.from(
            TextContent.from("look \r\n at this ✓"),
            ImageContent.from("aGVsbG8=", "image/png"),
            ImageContent.from("https://example.com/cat.png"));
    ChatMessage m = Messages.user(u);
    assertEquals(
        List.of(
            new MessagePart.Text("look \r\n at this ✓"),
            new MessagePart.Other("image", Map.of("modality", "image")),
            new MessagePart.Other(
                "uri", Map.of("modality", "image", "uri", "https://example.com/cat.png"))),
        m.parts());
    // the inline image data stays out of the recorded JSON
    assertEquals(false, GenAiJson.writeMessages(List.of(m)).contains("aGVsbG8="));
  }

  @Test
  void toolResultsAndSpecificationsInTheConventionsShape() {
    assertEquals(
        ChatMessage.toolResponse("c1", "42"),
        Messages.of(ToolExecutionResultMessage.from("c1", "calc", "42")));
    ToolDefinition d =
        Messages.tool(
            ToolSpecification.builder()
                .name("calc")
                .description("adds")
                .parameters(
                    JsonObjectSchema.builder().addIntegerProperty("x").required("x").build())
                .build());
    assertEquals("calc", d.name());
    assertEquals("adds", d.description());
    assertEquals("object", d.parameters().get("type"));
    assertEquals(Map.of("x", Map.of("type", "integer")), d.parameters().get("properties"));
  }
}
