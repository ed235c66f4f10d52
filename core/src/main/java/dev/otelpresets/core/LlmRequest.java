package dev.otelpresets.core;

import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.spi.genai.GenAiContent.ToolDefinition;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the host knows when an LLM call starts. Immutable; build with {@link #builder()}. Only the
 * operation and, ideally, the provider and request model are needed; everything else is optional
 * and left off the span when unset.
 */
public final class LlmRequest {
  private final String operation;
  private final String provider;
  private final String requestModel;
  private final Double temperature;
  private final Double topP;
  private final Double topK;
  private final Long maxTokens;
  private final Double frequencyPenalty;
  private final Double presencePenalty;
  private final Long seed;
  private final List<String> stopSequences;
  private final Long choiceCount;
  private final Boolean stream;
  private final List<ChatMessage> inputMessages;
  private final List<MessagePart> systemInstructions;
  private final List<ToolDefinition> tools;
  private final String serverAddress;
  private final Integer serverPort;
  private final String conversationId;
  private final String userId;
  private final List<String> tags;
  private final Map<String, Object> metadata;

  private LlmRequest(Builder b) {
    operation = b.operation;
    provider = b.provider;
    requestModel = b.requestModel;
    temperature = b.temperature;
    topP = b.topP;
    topK = b.topK;
    maxTokens = b.maxTokens;
    frequencyPenalty = b.frequencyPenalty;
    presencePenalty = b.presencePenalty;
    seed = b.seed;
    stopSequences = List.copyOf(b.stopSequences);
    choiceCount = b.choiceCount;
    stream = b.stream;
    inputMessages = List.copyOf(b.inputMessages);
    systemInstructions = List.copyOf(b.systemInstructions);
    tools = List.copyOf(b.tools);
    serverAddress = b.serverAddress;
    serverPort = b.serverPort;
    conversationId = b.conversationId;
    userId = b.userId;
    tags = List.copyOf(b.tags);
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
  }

  public static Builder builder() {
    return new Builder();
  }

  public String operation() {
    return operation;
  }

  public String provider() {
    return provider;
  }

  public String requestModel() {
    return requestModel;
  }

  public Double temperature() {
    return temperature;
  }

  public Double topP() {
    return topP;
  }

  public Double topK() {
    return topK;
  }

  public Long maxTokens() {
    return maxTokens;
  }

  public Double frequencyPenalty() {
    return frequencyPenalty;
  }

  public Double presencePenalty() {
    return presencePenalty;
  }

  public Long seed() {
    return seed;
  }

  public List<String> stopSequences() {
    return stopSequences;
  }

  public Long choiceCount() {
    return choiceCount;
  }

  /** Whether the response is streamed; null when unknown. */
  public Boolean stream() {
    return stream;
  }

  public List<ChatMessage> inputMessages() {
    return inputMessages;
  }

  public List<MessagePart> systemInstructions() {
    return systemInstructions;
  }

  public List<ToolDefinition> tools() {
    return tools;
  }

  public String serverAddress() {
    return serverAddress;
  }

  public Integer serverPort() {
    return serverPort;
  }

  public String conversationId() {
    return conversationId;
  }

  public String userId() {
    return userId;
  }

  public List<String> tags() {
    return tags;
  }

  public Map<String, Object> metadata() {
    return metadata;
  }

  /** The span name: {@code "{operation} {model}"}, or the operation alone. */
  public String spanName() {
    return requestModel == null || requestModel.isEmpty()
        ? operation
        : operation + " " + requestModel;
  }

  @Override
  public String toString() {
    // no messages: content may be personal data
    return "LlmRequest{" + spanName() + ", provider=" + provider + "}";
  }

  /** Builder for {@link LlmRequest}. */
  public static final class Builder {
    private String operation = GenAiAttributes.Operations.CHAT;
    private String provider;
    private String requestModel;
    private Double temperature;
    private Double topP;
    private Double topK;
    private Long maxTokens;
    private Double frequencyPenalty;
    private Double presencePenalty;
    private Long seed;
    private final List<String> stopSequences = new ArrayList<>();
    private Long choiceCount;
    private Boolean stream;
    private final List<ChatMessage> inputMessages = new ArrayList<>();
    private final List<MessagePart> systemInstructions = new ArrayList<>();
    private final List<ToolDefinition> tools = new ArrayList<>();
    private String serverAddress;
    private Integer serverPort;
    private String conversationId;
    private String userId;
    private final List<String> tags = new ArrayList<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    private Builder() {}

    /** {@code gen_ai.operation.name}: chat (default), text_completion, embeddings, ... */
    public Builder operation(String operation) {
      this.operation = Objects.requireNonNull(operation, "operation");
      return this;
    }

    /** {@code gen_ai.provider.name}: openai, anthropic, aws.bedrock, ... */
    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    public Builder requestModel(String model) {
      this.requestModel = model;
      return this;
    }

    public Builder temperature(double v) {
      this.temperature = v;
      return this;
    }

    public Builder topP(double v) {
      this.topP = v;
      return this;
    }

    public Builder topK(double v) {
      this.topK = v;
      return this;
    }

    public Builder maxTokens(long v) {
      this.maxTokens = v;
      return this;
    }

    public Builder frequencyPenalty(double v) {
      this.frequencyPenalty = v;
      return this;
    }

    public Builder presencePenalty(double v) {
      this.presencePenalty = v;
      return this;
    }

    public Builder seed(long v) {
      this.seed = v;
      return this;
    }

    public Builder stopSequences(List<String> v) {
      stopSequences.clear();
      stopSequences.addAll(v);
      return this;
    }

    public Builder choiceCount(long v) {
      this.choiceCount = v;
      return this;
    }

    public Builder stream(boolean v) {
      this.stream = v;
      return this;
    }

    /** The conversation so far (recorded only when content capture is on). */
    public Builder inputMessages(List<ChatMessage> messages) {
      inputMessages.clear();
      inputMessages.addAll(messages);
      return this;
    }

    /** System instructions given apart from the messages (content capture only). */
    public Builder systemInstructions(List<MessagePart> parts) {
      systemInstructions.clear();
      systemInstructions.addAll(parts);
      return this;
    }

    /** Tools offered to the model. */
    public Builder tools(List<ToolDefinition> tools) {
      this.tools.clear();
      this.tools.addAll(tools);
      return this;
    }

    public Builder serverAddress(String host) {
      this.serverAddress = host;
      return this;
    }

    public Builder serverPort(int port) {
      this.serverPort = port;
      return this;
    }

    /** Host and port of the upstream URL; the port defaults from the scheme (443, 80). */
    public Builder server(URI url) {
      Objects.requireNonNull(url, "url");
      this.serverAddress = url.getHost();
      int port = url.getPort();
      if (port < 0) {
        port = "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
      }
      this.serverPort = port;
      return this;
    }

    /** {@code gen_ai.conversation.id}: the session. Copied onto every span of the trace. */
    public Builder conversationId(String id) {
      this.conversationId = id;
      return this;
    }

    /** The end user. Copied onto every span of the trace. */
    public Builder userId(String id) {
      this.userId = id;
      return this;
    }

    /** Tags of the request. Copied onto every span of the trace. */
    public Builder tags(List<String> tags) {
      this.tags.clear();
      this.tags.addAll(tags);
      return this;
    }

    /** Free-form metadata (JSON-able values). Copied onto every span of the trace. */
    public Builder metadata(Map<String, ?> metadata) {
      this.metadata.clear();
      this.metadata.putAll(metadata);
      return this;
    }

    public LlmRequest build() {
      return new LlmRequest(this);
    }
  }
}
