package dev.otelpresets.core;

import dev.otelpresets.spi.GenAiAttributes;
import java.time.Instant;
import java.util.Objects;

/**
 * What the host knows when a tool execution starts ({@code execute_tool}). Immutable; build with
 * {@link #builder(String)}. Only the tool name is needed.
 */
public final class ToolRequest {
  private final String name;
  private final String callId;
  private final String type;
  private final String description;
  private final String arguments;
  private final Instant startTime;

  private ToolRequest(Builder b) {
    name = b.name;
    callId = b.callId;
    type = b.type;
    description = b.description;
    arguments = b.arguments;
    startTime = b.startTime;
  }

  /** A builder; set the tool's name with {@link Builder#name(String)}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder for the tool called {@code name} ({@code gen_ai.tool.name}). */
  public static Builder builder(String name) {
    return new Builder().name(name);
  }

  public String name() {
    return name;
  }

  public String callId() {
    return callId;
  }

  public String type() {
    return type;
  }

  public String description() {
    return description;
  }

  /** The arguments as JSON text; recorded only when content capture is on. */
  public String arguments() {
    return arguments;
  }

  /** When the execution started, when that was before the span was started; else null. */
  public Instant startTime() {
    return startTime;
  }

  /** The span name: {@code "execute_tool {name}"}. */
  public String spanName() {
    return GenAiAttributes.Operations.EXECUTE_TOOL + " " + name;
  }

  @Override
  public String toString() {
    // no arguments: content may be personal data
    return "ToolRequest{" + spanName() + ", callId=" + callId + "}";
  }

  /** Builder for {@link ToolRequest}. */
  public static final class Builder {
    private String name;
    private String callId;
    private String type = "function";
    private String description;
    private String arguments;
    private Instant startTime;

    private Builder() {}

    /** {@code gen_ai.tool.name} (required). */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("the tool name is blank; give the tool a name");
      }
      this.name = name;
      return this;
    }

    /** {@code gen_ai.tool.call.id}: the id the model gave the call. */
    public Builder callId(String id) {
      this.callId = id;
      return this;
    }

    /** {@code gen_ai.tool.type}: {@code function} (default), {@code extension}, {@code datastore}. */
    public Builder type(String type) {
      this.type = type;
      return this;
    }

    /** {@code gen_ai.tool.description}. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** {@code gen_ai.tool.call.arguments}, JSON text (recorded only when content capture is on). */
    public Builder arguments(String json) {
      this.arguments = json;
      return this;
    }

    /**
     * The moment the execution started, for hosts that learn of a tool execution only after it
     * began (the span starts then instead of now).
     */
    public Builder startTime(Instant start) {
      this.startTime = start;
      return this;
    }

    /** The request; the name is required. */
    public ToolRequest build() {
      if (name == null) {
        throw new IllegalStateException("no tool name; set it with name(...) or builder(name)");
      }
      return new ToolRequest(this);
    }
  }
}
