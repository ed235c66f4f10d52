package dev.otelpresets.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.output.FinishReason;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.spi.genai.GenAiContent.ToolDefinition;
import dev.otelpresets.support.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** LangChain4j's messages, tools and finish reasons in the semantic conventions' shapes. */
public final class Messages {
  private Messages() {}

  /** The messages of a chat request, in order; messages of unknown types are left out. */
  public static List<ChatMessage> of(List<dev.langchain4j.data.message.ChatMessage> messages) {
    List<ChatMessage> out = new ArrayList<>(messages.size());
    for (dev.langchain4j.data.message.ChatMessage m : messages) {
      ChatMessage c = of(m);
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  /** One message, or null for a type this version does not know (custom messages). */
  public static ChatMessage of(dev.langchain4j.data.message.ChatMessage m) {
    if (m instanceof SystemMessage s) {
      return ChatMessage.text("system", s.text());
    }
    if (m instanceof UserMessage u) {
      return user(u);
    }
    if (m instanceof AiMessage a) {
      return assistant(a, null);
    }
    if (m instanceof ToolExecutionResultMessage t) {
      return ChatMessage.toolResponse(t.id(), t.text() != null ? t.text() : "");
    }
    return null;
  }

  /** A user message: its text and, for other contents, a part naming their type. */
  public static ChatMessage user(UserMessage u) {
    List<MessagePart> parts = new ArrayList<>();
    for (Content c : u.contents()) {
      parts.add(part(c));
    }
    return new ChatMessage("user", parts, null);
  }

  /** The model's message: thinking, text and tool calls, with its finish reason when known. */
  public static ChatMessage assistant(AiMessage a, FinishReason finish) {
    List<MessagePart> parts = new ArrayList<>();
    if (a.thinking() != null && !a.thinking().isEmpty()) {
      parts.add(new MessagePart.Other("reasoning", Map.of("content", a.thinking())));
    }
    if (a.text() != null) {
      parts.add(new MessagePart.Text(a.text()));
    }
    for (ToolExecutionRequest r : a.toolExecutionRequests()) {
      parts.add(new MessagePart.ToolCall(r.id(), r.name(), arguments(r.arguments())));
    }
    return new ChatMessage("assistant", parts, finish == null ? null : finishReason(finish));
  }

  /** Tool arguments as parsed JSON, or the raw text when the model produced invalid JSON. */
  public static Object arguments(String json) {
    if (json == null || json.isEmpty()) {
      return Map.of();
    }
    return Json.parseOrDefault(json, json);
  }

  private static MessagePart part(Content c) {
    if (c instanceof TextContent t) {
      return new MessagePart.Text(t.text());
    }
    String modality = c.type().name().toLowerCase(Locale.ROOT);
    if (c instanceof ImageContent i && i.image() != null && i.image().url() != null) {
      // a URL is a reference the backends can show; inline base64 data is not copied onto spans
      return new MessagePart.Other(
          "uri", Map.of("modality", modality, "uri", i.image().url().toString()));
    }
    return new MessagePart.Other(modality, Map.of("modality", modality));
  }

  /** The conventions' (OpenAI's) finish reason for LangChain4j's. */
  public static String finishReason(FinishReason f) {
    return switch (f.name()) {
      case "STOP" -> "stop";
      case "LENGTH" -> "length";
      case "TOOL_EXECUTION" -> "tool_calls";
      case "CONTENT_FILTER" -> "content_filter";
      default -> f.name().toLowerCase(Locale.ROOT);
    };
  }

  /** A tool specification as a function tool definition, its JSON schema as parameters. */
  public static ToolDefinition tool(ToolSpecification spec) {
    Map<String, Object> parameters = Map.of();
    if (spec.parameters() != null) {
      Object parsed = Json.parseOrDefault(spec.toJson(), null);
      Object p = parsed instanceof Map<?, ?> m ? m.get("parameters") : null;
      if (p instanceof Map<?, ?> schema) {
        Map<String, Object> copy = new LinkedHashMap<>();
        schema.forEach((k, v) -> copy.put(String.valueOf(k), v));
        parameters = copy;
      }
    }
    return ToolDefinition.function(spec.name(), spec.description(), parameters);
  }

  /** The tools offered, as definitions. */
  public static List<ToolDefinition> tools(List<ToolSpecification> specs) {
    if (specs == null || specs.isEmpty()) {
      return List.of();
    }
    List<ToolDefinition> out = new ArrayList<>(specs.size());
    for (ToolSpecification s : specs) {
      out.add(tool(s));
    }
    return out;
  }
}
