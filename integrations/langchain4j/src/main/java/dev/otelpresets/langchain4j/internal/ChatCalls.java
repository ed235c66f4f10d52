package dev.otelpresets.langchain4j.internal;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import java.net.URI;
import java.util.List;

/** A LangChain4j chat request and response as the recording API's request and response. */
public final class ChatCalls {
  private ChatCalls() {}

  /**
   * The recorded request.
   *
   * @param server the model's base URL when the host gave it, else null
   * @param streamed true when the call streams, null when that is not known
   */
  public static LlmRequest request(
      ChatRequest r, ModelProvider provider, URI server, Boolean streamed) {
    LlmRequest.Builder b =
        LlmRequest.builder()
            .provider(Providers.name(provider))
            .requestModel(r.modelName())
            .inputMessages(Messages.of(r.messages()))
            .tools(Messages.tools(r.toolSpecifications()));
    if (r.temperature() != null) {
      b.temperature(r.temperature());
    }
    if (r.topP() != null) {
      b.topP(r.topP());
    }
    if (r.topK() != null) {
      b.topK(r.topK());
    }
    if (r.maxOutputTokens() != null) {
      b.maxTokens(r.maxOutputTokens());
    }
    if (r.frequencyPenalty() != null) {
      b.frequencyPenalty(r.frequencyPenalty());
    }
    if (r.presencePenalty() != null) {
      b.presencePenalty(r.presencePenalty());
    }
    List<String> stop = r.stopSequences();
    if (stop != null && !stop.isEmpty()) {
      b.stopSequences(stop);
    }
    if (streamed != null) {
      b.stream(streamed);
    }
    if (server != null && server.getHost() != null) {
      b.server(server);
    }
    return b.build();
  }

  /** The recorded response: id, model, finish reason, token usage and the model's message. */
  public static LlmResponse response(ChatResponse r) {
    LlmResponse.Builder b = LlmResponse.builder().responseId(r.id()).responseModel(r.modelName());
    if (r.finishReason() != null) {
      b.finishReasons(List.of(Messages.finishReason(r.finishReason())));
    }
    TokenUsage usage = r.tokenUsage();
    if (usage != null) {
      if (usage.inputTokenCount() != null) {
        b.inputTokens(usage.inputTokenCount());
      }
      if (usage.outputTokenCount() != null) {
        b.outputTokens(usage.outputTokenCount());
      }
    }
    if (r.aiMessage() != null) {
      b.outputMessages(List.of(Messages.assistant(r.aiMessage(), r.finishReason())));
    }
    return b.build();
  }
}
