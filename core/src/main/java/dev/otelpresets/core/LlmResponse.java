package dev.otelpresets.core;

import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the host knows when an LLM call ends successfully. Immutable; build with {@link
 * #builder()}. Unset usage counts stay off the span and out of the metrics — never a made-up zero.
 */
public final class LlmResponse {
  /** The default cost currency. */
  public static final String USD = "USD";

  private final String responseId;
  private final String responseModel;
  private final List<String> finishReasons;
  private final Long inputTokens;
  private final Long outputTokens;
  private final Long cacheReadInputTokens;
  private final Long cacheCreationInputTokens;
  private final Long reasoningOutputTokens;
  private final Double totalCost;
  private final Double inputCost;
  private final Double outputCost;
  private final String costCurrency;
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
    totalCost = b.totalCost;
    inputCost = b.inputCost;
    outputCost = b.outputCost;
    costCurrency = b.costCurrency;
    outputMessages = List.copyOf(b.outputMessages);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An empty response (nothing known). */
  public static LlmResponse empty() {
    return builder().build();
  }

  public String responseId() {
    return responseId;
  }

  public String responseModel() {
    return responseModel;
  }

  public List<String> finishReasons() {
    return finishReasons;
  }

  public Long inputTokens() {
    return inputTokens;
  }

  public Long outputTokens() {
    return outputTokens;
  }

  public Long cacheReadInputTokens() {
    return cacheReadInputTokens;
  }

  public Long cacheCreationInputTokens() {
    return cacheCreationInputTokens;
  }

  public Long reasoningOutputTokens() {
    return reasoningOutputTokens;
  }

  /** The total cost in {@link #costCurrency()}, or null when not given. */
  public Double totalCost() {
    return totalCost;
  }

  /** The cost of the input tokens in {@link #costCurrency()}, or null. */
  public Double inputCost() {
    return inputCost;
  }

  /** The cost of the output tokens in {@link #costCurrency()}, or null. */
  public Double outputCost() {
    return outputCost;
  }

  /** The ISO 4217 code of the cost amounts ({@code USD} unless the host said otherwise). */
  public String costCurrency() {
    return costCurrency;
  }

  /** The total cost when it is in US dollars, else null. */
  public Double costUsd() {
    return usd(totalCost);
  }

  /** The input cost when it is in US dollars, else null. */
  public Double inputCostUsd() {
    return usd(inputCost);
  }

  /** The output cost when it is in US dollars, else null. */
  public Double outputCostUsd() {
    return usd(outputCost);
  }

  private Double usd(Double amount) {
    return USD.equals(costCurrency) ? amount : null;
  }

  public List<ChatMessage> outputMessages() {
    return outputMessages;
  }

  @Override
  public String toString() {
    return "LlmResponse{id="
        + responseId
        + ", model="
        + responseModel
        + ", finish="
        + finishReasons
        + ", in="
        + inputTokens
        + ", out="
        + outputTokens
        + "}";
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
    private Double totalCost;
    private Double inputCost;
    private Double outputCost;
    private String costCurrency = USD;
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

    /** Total cost in US dollars: {@code totalCost(usd).costCurrency("USD")}. */
    public Builder costUsd(double usd) {
      return totalCost(usd).costCurrency(USD);
    }

    /** Input cost in US dollars: {@code inputCost(usd).costCurrency("USD")}. */
    public Builder inputCostUsd(double usd) {
      return inputCost(usd).costCurrency(USD);
    }

    /** Output cost in US dollars: {@code outputCost(usd).costCurrency("USD")}. */
    public Builder outputCostUsd(double usd) {
      return outputCost(usd).costCurrency(USD);
    }

    /**
     * The call's total cost in {@link #costCurrency(String)} (US dollars by default).
     *
     * @throws IllegalArgumentException if it is negative, infinite or NaN
     */
    public Builder totalCost(double amount) {
      this.totalCost = amount("totalCost", amount);
      return this;
    }

    /** The cost of the input tokens; see {@link #totalCost(double)}. */
    public Builder inputCost(double amount) {
      this.inputCost = amount("inputCost", amount);
      return this;
    }

    /** The cost of the output tokens; see {@link #totalCost(double)}. */
    public Builder outputCost(double amount) {
      this.outputCost = amount("outputCost", amount);
      return this;
    }

    /**
     * The currency of every cost amount, an ISO 4217 code such as {@code EUR} (default {@code
     * USD}).
     *
     * @throws IllegalArgumentException if it is not an ISO 4217 currency code
     */
    public Builder costCurrency(String currencyCode) {
      Objects.requireNonNull(currencyCode, "currencyCode");
      String code = currencyCode.trim();
      try {
        if (code.length() != 3 || !code.equals(code.toUpperCase(java.util.Locale.ROOT))) {
          throw new IllegalArgumentException();
        }
        java.util.Currency.getInstance(code);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "costCurrency must be an ISO 4217 code in capitals"
                + " such as USD or EUR, got '"
                + code
                + "'");
      }
      this.costCurrency = code;
      return this;
    }

    private static double amount(String what, double amount) {
      if (!Double.isFinite(amount) || amount < 0) {
        throw new IllegalArgumentException(
            what + " must be a finite amount of 0 or more, got " + amount);
      }
      return amount;
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
