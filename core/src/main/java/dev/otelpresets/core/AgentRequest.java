package dev.otelpresets.core;

import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the host knows when an agent invocation starts ({@code invoke_agent}). Immutable; build
 * with {@link #builder(String)}. Only the agent name is needed; everything else is left off the
 * span when unset.
 */
public final class AgentRequest {
  private final String name;
  private final String id;
  private final String description;
  private final String conversationId;
  private final String provider;
  private final String requestModel;
  private final boolean remote;
  private final List<ChatMessage> inputMessages;
  private final List<MessagePart> systemInstructions;

  private AgentRequest(Builder b) {
    name = b.name;
    id = b.id;
    description = b.description;
    conversationId = b.conversationId;
    provider = b.provider;
    requestModel = b.requestModel;
    remote = b.remote;
    inputMessages = List.copyOf(b.inputMessages);
    systemInstructions = List.copyOf(b.systemInstructions);
  }

  /** A builder; set the agent's name with {@link Builder#name(String)}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder for the agent called {@code name} ({@code gen_ai.agent.name}). */
  public static Builder builder(String name) {
    return new Builder().name(name);
  }

  public String name() {
    return name;
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  public String conversationId() {
    return conversationId;
  }

  public String provider() {
    return provider;
  }

  public String requestModel() {
    return requestModel;
  }

  /** Whether the agent runs in another process (a CLIENT span) rather than in this one. */
  public boolean remote() {
    return remote;
  }

  public List<ChatMessage> inputMessages() {
    return inputMessages;
  }

  public List<MessagePart> systemInstructions() {
    return systemInstructions;
  }

  /** The span name: {@code "invoke_agent {name}"}. */
  public String spanName() {
    return GenAiAttributes.Operations.INVOKE_AGENT + " " + name;
  }

  @Override
  public String toString() {
    // no messages: content may be personal data
    return "AgentRequest{" + spanName() + "}";
  }

  /** Builder for {@link AgentRequest}. */
  public static final class Builder {
    private String name;
    private String id;
    private String description;
    private String conversationId;
    private String provider;
    private String requestModel;
    private boolean remote;
    private final List<ChatMessage> inputMessages = new ArrayList<>();
    private final List<MessagePart> systemInstructions = new ArrayList<>();

    private Builder() {}

    /** {@code gen_ai.agent.name} (required). */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("the agent name is blank; give the agent a name");
      }
      this.name = name;
      return this;
    }

    /** {@code gen_ai.agent.id}: a unique identifier of the agent. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** {@code gen_ai.agent.description}. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** {@code gen_ai.conversation.id}: the session. */
    public Builder conversationId(String id) {
      this.conversationId = id;
      return this;
    }

    /** {@code gen_ai.provider.name} of the model the agent uses, when it uses one. */
    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    /** {@code gen_ai.request.model} of the model the agent uses, when it uses one. */
    public Builder requestModel(String model) {
      this.requestModel = model;
      return this;
    }

    /**
     * The agent runs elsewhere (a CLIENT span). Default: in this process (an INTERNAL span), as
     * the conventions ask for in-process agents.
     */
    public Builder remote(boolean remote) {
      this.remote = remote;
      return this;
    }

    /** What the agent was asked (recorded only when content capture is on). */
    public Builder inputMessages(List<ChatMessage> messages) {
      inputMessages.clear();
      inputMessages.addAll(messages);
      return this;
    }

    /** The agent's system instructions (recorded only when content capture is on). */
    public Builder systemInstructions(List<MessagePart> parts) {
      systemInstructions.clear();
      systemInstructions.addAll(parts);
      return this;
    }

    /** The request; the name is required. */
    public AgentRequest build() {
      if (name == null) {
        throw new IllegalStateException("no agent name; set it with name(...) or builder(name)");
      }
      return new AgentRequest(this);
    }
  }
}
