package dev.otelpresets.core;

import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * What the host knows when an LLM call ends successfully. Immutable; build with {@link
 * #builder()}. Unset usage counts stay off the span and out of the metrics — never a made-up zero.
 */
public final class LlmResponse {
  private final String responseId;
  private final String responseModel;
  private final List<String> finishReasons;
  private final Long inputTokens;
  private final Long outputTokens;
  private final Long cacheReadInputTokens;
  private final Long cacheCreationInputTokens;
  private final Long reasoningOutputTokens;
  private final Double costUsd;
  private final Double inputCostUsd;
  private final Double outputCostUsd;
  private final List<ChatMessage> outputMessages;

  private LlmResponse(Builder b) {
    responseId = b.responseId;
    responseModel = b.responseModel;
    finishReasons = List.copyOf(b.finishReasons);
    inputTokens = b.inputTokens;
    outputTokens = b.outputTokens;
    cacheReadInputTokens = b.cacheReadInputTokens;
    cacheCreationInputTokens = b.cacheCreationInputTokens;
    reasoningOutputTokens = b.reasoningOutputTokens;
    costUsd = b.costUsd;
    inputCostUsd = b.inputCostUsd;
    outputCostUsd = b.outputCostUsd;
    outputMessages = List.copyOf(b.outputMessages);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An empty response (nothing known). */
  public static LlmResponse empty() {
    return builder().build();
  }

  public String responseId() { return responseId; }
  public String responseModel() { return responseModel; }
  public List<String> finishReasons() { return finishReasons; }
  public Long inputTokens() { return inputTokens; }
  public Long outputTokens() { return outputTokens; }
  public Long cacheReadInputTokens() { return cacheReadInputTokens; }
  public Long cacheCreationInputTokens() { return cacheCreationInputTokens; }
  public Long reasoningOutputTokens() { return reasoningOutputTokens; }
  public Double costUsd() { return costUsd; }
  public Double inputCostUsd() { return inputCostUsd; }
  public Double outputCostUsd() { return outputCostUsd; }
  public List<ChatMessage> outputMessages() { return outputMessages; }

  @Override
  public String toString() {
    return "LlmResponse{id=" + responseId + ", model=" + responseModel + ", finish="
        + finishReasons + ", in=" + inputTokens + ", out=" + outputTokens + "}";
  }

  /** Builder for {@link LlmResponse}. */
  public static final class Builder {
    private String responseId;
    private String responseModel;
    private final List<String> finishReasons = new ArrayList<>();
    private Long inputTokens;
    private Long outputTokens;
    private Long cacheReadInputTokens;
    private Long cacheCreationInputTokens;
    private Long reasoningOutputTokens;
    private Double costUsd;
    private Double inputCostUsd;
    private Double outputCostUsd;
    private final List<ChatMessage> outputMessages = new ArrayList<>();

    private Builder() {}

    public Builder responseId(String id) {
      this.responseId = id;
      return this;
    }

    public Builder responseModel(String model) {
      this.responseModel = model;
      return this;
    }

    public Builder finishReasons(List<String> reasons) {
      finishReasons.clear();
      finishReasons.addAll(reasons);
      return this;
    }

    /** Input tokens, all of them (cached ones included). */
    public Builder inputTokens(long n) {
      this.inputTokens = n;
      return this;
    }

    /** Output tokens, all of them (reasoning ones included). */
    public Builder outputTokens(long n) {
      this.outputTokens = n;
      return this;
    }

    public Builder cacheReadInputTokens(long n) {
      this.cacheReadInputTokens = n;
      return this;
    }

    public Builder cacheCreationInputTokens(long n) {
      this.cacheCreationInputTokens = n;
      return this;
    }

    public Builder reasoningOutputTokens(long n) {
      this.reasoningOutputTokens = n;
      return this;
    }

    /** Total cost in US dollars. */
    public Builder costUsd(double usd) {
      this.costUsd = usd;
      return this;
    }

    public Builder inputCostUsd(double usd) {
      this.inputCostUsd = usd;
      return this;
    }

    public Builder outputCostUsd(double usd) {
      this.outputCostUsd = usd;
      return this;
    }

    /** The model's answer (recorded only when content capture is on). */
    public Builder outputMessages(List<ChatMessage> messages) {
      outputMessages.clear();
      outputMessages.addAll(messages);
      return this;
    }

    public LlmResponse build() {
      return new LlmResponse(this);
    }
  }
}
