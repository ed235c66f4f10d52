package dev.otelpresets.core;

import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.List;

/**
 * The one logger: records LLM calls once and lets every configured backend receive them in its
 * own vocabulary. Made by {@link OtelPresets#builder()} or injected through {@code
 * OtelPresetsModule}. Thread-safe. {@link #close()} flushes everything queued and shuts down.
 */
public interface GenAiTelemetry extends AutoCloseable {

  /**
   * Starts an LLM call as a child of the current context (the host's server span, typically).
   * Returns immediately: nothing on this path waits for the network.
   */
  LlmCall startCall(LlmRequest request);

  /**
   * Starts an agent invocation ({@code invoke_agent {name}}, INTERNAL unless the agent is remote)
   * as a child of the current context. Make its {@link AgentSpan#context()} current around the
   * agent's work so its LLM calls and tool executions become its children.
   */
  AgentSpan startAgent(AgentRequest request);

  /**
   * Starts a tool execution ({@code execute_tool {name}}, INTERNAL) as a child of the current
   * context; arguments and result are recorded only when content capture is on.
   */
  ToolCall startTool(ToolRequest request);

  /**
   * Starts an embeddings call ({@code embeddings {model}}, CLIENT) as a child of the current
   * context. The texts are recorded as {@code gen_ai.input.messages} (one user message each) only
   * when content capture is on; ending it records the GenAI client metrics.
   */
  EmbeddingsCall startEmbeddings(EmbeddingsRequest request);

  /**
   * Starts a retrieval ({@code retrieval {data source}}, INTERNAL) as a child of the current
   * context; the query and the documents are recorded only when content capture is on.
   */
  RetrievalCall startRetrieval(RetrievalRequest request);

  /**
   * Binds a tenant's credentials to the current request: every span of the current trace — the
   * server span started before this call included, and every span started later — is exported by
   * each owner's exporter with the tenant's credentials for that owner when it has some, else with
   * the static ones. Call it inside the request's server span, right after authenticating the
   * request. Credentials never leave their owner's exporter.
   *
   * @return false when there is no current span to bind to (nothing is bound)
   */
  boolean bindTenant(Tenant tenant);

  /**
   * The OpenTelemetry of this instance, for the host's own spans (server spans, tool spans). The
   * same SDK as the global when the global was published.
   */
  OpenTelemetry openTelemetry();

  /**
   * Whether and where prompt and completion content is recorded: on the span when the global mode
   * or any backend's {@code presets.<name>.capture_message_content} wants it (a backend whose own
   * mode does not receives none of it).
   */
  ContentCapture contentCapture();

  /** The selected presets' names, in callback order ({@code otel} included). */
  List<String> presetNames();

  /**
   * Per backend exporter ({@code otel}'s included): spans delivered, failed, dropped on a full
   * queue, abandoned at shutdown, and the last failure in words. After {@link #close()} they are
   * final and add up to the spans each backend was handed.
   */
  List<ExportStats> exportStats();

  /** Exports everything queued now; waits up to {@code timeout}. Returns false on timeout. */
  boolean forceFlush(Duration timeout);

  /** Exports everything queued (waits up to 10 s). */
  default boolean forceFlush() {
    return forceFlush(Duration.ofSeconds(10));
  }

  /** Flushes (within the shutdown deadline) and shuts everything down. Idempotent. */
  @Override
  void close();
}
