package dev.otelpresets.spring.internal;

import dev.otelpresets.core.EmbeddingsRequest;
import dev.otelpresets.core.EmbeddingsResponse;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.spi.genai.GenAiContent.ToolDefinition;
import dev.otelpresets.support.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.observation.AiOperationMetadata;
import org.springframework.ai.tool.ToolCallback;

/** Spring AI's observation contexts as otel-presets' canonical requests and responses. */
public final class SpringAiMessages {
  private SpringAiMessages() {}

  /**
   * {@code gen_ai.provider.name} for Spring AI's provider ({@code AiProvider} values); a value
   * without a well-known name is recorded as Spring AI writes it.
   */
  public static String provider(AiOperationMetadata metadata) {
    String p = metadata == null ? null : metadata.provider();
    if (p == null || p.isBlank()) {
      return null;
    }
    return switch (p.toLowerCase(Locale.ROOT)) {
      case "openai" -> "openai";
      case "azure_openai", "azure-openai" -> "azure.ai.openai";
      case "anthropic" -> "anthropic";
      case "bedrock_converse", "bedrock" -> "aws.bedrock";
      case "vertex_ai" -> "gcp.vertex_ai";
      case "google_genai", "google-genai" -> "gcp.gen_ai";
      case "mistral_ai" -> "mistral_ai";
      case "deepseek" -> "deepseek";
      default -> p.toLowerCase(Locale.ROOT);
    };
  }

  /** The chat request: model, parameters, tools and messages. */
  public static LlmRequest chatRequest(ChatModelObservationContext ctx) {
    Prompt prompt = ctx.getRequest();
    LlmRequest.Builder b =
        LlmRequest.builder()
            .operation("chat")
            .provider(provider(ctx.getOperationMetadata()))
            .stream(ctx.isStreaming());
    ChatOptions o = prompt == null ? null : prompt.getOptions();
    if (o != null) {
      if (o.getModel() != null) {
        b.requestModel(o.getModel());
      }
      if (o.getTemperature() != null) {
        b.temperature(o.getTemperature());
      }
      if (o.getTopP() != null) {
        b.topP(o.getTopP());
      }
      if (o.getTopK() != null) {
        b.topK(o.getTopK());
      }
      if (o.getMaxTokens() != null) {
        b.maxTokens(o.getMaxTokens());
      }
      if (o.getFrequencyPenalty() != null) {
        b.frequencyPenalty(o.getFrequencyPenalty());
      }
      if (o.getPresencePenalty() != null) {
        b.presencePenalty(o.getPresencePenalty());
      }
      if (o.getStopSequences() != null && !o.getStopSequences().isEmpty()) {
        b.stopSequences(o.getStopSequences());
      }
      if (o instanceof ToolCallingChatOptions t
          && t.getToolCallbacks() != null
          && !t.getToolCallbacks().isEmpty()) {
        List<ToolDefinition> tools = new ArrayList<>();
        for (ToolCallback cb : t.getToolCallbacks()) {
          var d = cb.getToolDefinition();
          tools.add(ToolDefinition.function(d.name(), d.description(), schema(d.inputSchema())));
        }
        b.tools(tools);
      }
    }
    if (prompt != null) {
      List<ChatMessage> input = new ArrayList<>();
      for (Message m : prompt.getInstructions()) {
        input.add(message(m, null));
      }
      b.inputMessages(input);
    }
    return b.build();
  }

  /** The chat response: id, model, finish reasons, usage and output messages. */
  public static LlmResponse chatResponse(ChatResponse r) {
    LlmResponse.Builder b = LlmResponse.builder();
    if (r == null) {
      return b.build();
    }
    ChatResponseMetadata md = r.getMetadata();
    if (md != null) {
      if (md.getId() != null && !md.getId().isEmpty()) {
        b.responseId(md.getId());
      }
      if (md.getModel() != null && !md.getModel().isEmpty()) {
        b.responseModel(md.getModel());
      }
      usage(md.getUsage(), b);
    }
    List<String> reasons = new ArrayList<>();
    List<ChatMessage> output = new ArrayList<>();
    for (Generation g : r.getResults()) {
      ChatGenerationMetadata gm = g.getMetadata();
      String reason = gm == null ? null : finishReason(gm.getFinishReason());
      if (reason != null) {
        reasons.add(reason);
      }
      if (g.getOutput() != null) {
        output.add(message(g.getOutput(), reason));
      }
    }
    b.finishReasons(reasons);
    b.outputMessages(output);
    return b.build();
  }

  /**
   * The embeddings request: model, provider, the dimensions asked for and the texts (recorded only
   * when content capture is on); null when the request names no model.
   */
  public static EmbeddingsRequest embeddingsRequest(EmbeddingModelObservationContext ctx) {
    EmbeddingRequest req = ctx.getRequest();
    EmbeddingOptions o = req == null ? null : req.getOptions();
    if (o == null || o.getModel() == null || o.getModel().isBlank()) {
      return null;
    }
    EmbeddingsRequest.Builder b =
        EmbeddingsRequest.builder(o.getModel()).provider(provider(ctx.getOperationMetadata()));
    if (o.getDimensions() != null && o.getDimensions() > 0) {
      b.dimensions(o.getDimensions());
    }
    List<String> texts = req.getInstructions();
    if (texts != null && !texts.isEmpty() && texts.stream().allMatch(t -> t != null)) {
      b.inputs(texts);
    }
    return b.build();
  }

  /** The embeddings response: model, input tokens and the vectors' size. */
  public static EmbeddingsResponse embeddingsResponse(EmbeddingResponse r) {
    EmbeddingsResponse.Builder b = EmbeddingsResponse.builder();
    if (r == null) {
      return b.build();
    }
    if (r.getMetadata() != null) {
      if (r.getMetadata().getModel() != null && !r.getMetadata().getModel().isEmpty()) {
        b.responseModel(r.getMetadata().getModel());
      }
      Usage u = r.getMetadata().getUsage();
      if (u != null && u.getPromptTokens() != null) {
        b.inputTokens(u.getPromptTokens());
      }
    }
    if (r.getResult() != null
        && r.getResult().getOutput() != null
        && r.getResult().getOutput().length > 0) {
      b.dimensions(r.getResult().getOutput().length);
    }
    return b.build();
  }

  /** The embeddings request of a call that names no model: provider only. */
  public static LlmRequest embeddingRequest(EmbeddingModelObservationContext ctx) {
    LlmRequest.Builder b =
        LlmRequest.builder().operation("embeddings").provider(provider(ctx.getOperationMetadata()));
    EmbeddingRequest req = ctx.getRequest();
    EmbeddingOptions o = req == null ? null : req.getOptions();
    if (o != null && o.getModel() != null) {
      b.requestModel(o.getModel());
    }
    return b.build();
  }

  /** The response of an embeddings call that named no model: model and input tokens. */
  public static LlmResponse embeddingResponse(EmbeddingResponse r) {
    LlmResponse.Builder b = LlmResponse.builder();
    if (r != null && r.getMetadata() != null) {
      if (r.getMetadata().getModel() != null && !r.getMetadata().getModel().isEmpty()) {
        b.responseModel(r.getMetadata().getModel());
      }
      Usage u = r.getMetadata().getUsage();
      if (u != null && u.getPromptTokens() != null) {
        b.inputTokens(u.getPromptTokens());
      }
    }
    return b.build();
  }

  private static void usage(Usage u, LlmResponse.Builder b) {
    if (u == null) {
      return;
    }
    if (u.getPromptTokens() != null) {
      b.inputTokens(u.getPromptTokens());
    }
    if (u.getCompletionTokens() != null) {
      b.outputTokens(u.getCompletionTokens());
    }
    if (u.getCacheReadInputTokens() != null) {
      b.cacheReadInputTokens(u.getCacheReadInputTokens());
    }
    if (u.getCacheWriteInputTokens() != null) {
      b.cacheCreationInputTokens(u.getCacheWriteInputTokens());
    }
  }

  /** A Spring AI message: system, user, assistant (with tool calls) or tool results. */
  static ChatMessage message(Message m, String finishReason) {
    String text = m.getText();
    return switch (m.getMessageType()) {
      case SYSTEM -> ChatMessage.text("system", text == null ? "" : text);
      case USER -> ChatMessage.text("user", text == null ? "" : text);
      case TOOL -> {
        List<MessagePart> parts = new ArrayList<>();
        if (m instanceof ToolResponseMessage t) {
          for (ToolResponseMessage.ToolResponse r : t.getResponses()) {
            parts.add(new MessagePart.ToolCallResponse(r.id(), r.responseData()));
          }
        }
        yield new ChatMessage("tool", parts, null);
      }
      case ASSISTANT -> {
        List<MessagePart> parts = new ArrayList<>();
        if (text != null && !text.isEmpty()) {
          parts.add(new MessagePart.Text(text));
        }
        if (m instanceof AssistantMessage a) {
          for (AssistantMessage.ToolCall c : a.getToolCalls()) {
            parts.add(new MessagePart.ToolCall(c.id(), c.name(), arguments(c.arguments())));
          }
        }
        yield new ChatMessage("assistant", parts, finishReason);
      }
    };
  }

  /** The conventions' (OpenAI's) finish reason: Spring AI passes the provider's, often upper case. */
  static String finishReason(String reason) {
    if (reason == null || reason.isBlank()) {
      return null;
    }
    String r = reason.toLowerCase(Locale.ROOT);
    return switch (r) {
      case "tool_call", "tool_use", "function_call" -> "tool_calls";
      case "end_turn", "stop_sequence" -> "stop";
      case "max_tokens" -> "length";
      default -> r;
    };
  }

  /** Tool arguments as parsed JSON, or the raw text when the model produced invalid JSON. */
  public static Object arguments(String json) {
    if (json == null || json.isEmpty()) {
      return Map.of();
    }
    return Json.parseOrDefault(json, json);
  }

  private static Map<String, Object> schema(String json) {
    Object parsed = json == null ? null : Json.parseOrDefault(json, null);
    Map<String, Object> out = new LinkedHashMap<>();
    if (parsed instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
    }
    return out;
  }
}
