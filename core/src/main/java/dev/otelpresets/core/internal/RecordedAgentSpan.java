package dev.otelpresets.core.internal;

import dev.otelpresets.core.AgentRequest;
import dev.otelpresets.core.AgentSpan;
import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.List;

/**
 * The one span of an agent invocation, child of the current context; its duration is recorded in
 * {@code gen_ai.client.operation.duration} with {@code gen_ai.operation.name} {@code invoke_agent}
 * (the agent reports no token usage of its own: its LLM calls record theirs).
 */
final class RecordedAgentSpan extends RecordedOperation implements AgentSpan {
  /** The agent's keys every span of the trace gets (see {@link TraceScopedAttributes}). */
  private static final List<AttributeKey<?>> SHARED_KEYS = List.of(GenAiAttributes.CONVERSATION_ID);

  private final String name;
  private final ContentCapture capture;
  private final ContentLimit limit;
  private final AgentRequest request;
  private final GenAiMetrics metrics;
  private final long startNanos;

  private RecordedAgentSpan(
      AgentRequest request,
      SpanBuilder builder,
      ContentCapture capture,
      ContentLimit limit,
      GenAiMetrics metrics) {
    super(builder.startSpan());
    this.name = request.spanName();
    this.capture = capture;
    this.limit = limit;
    this.request = request;
    this.metrics = metrics;
    this.startNanos = System.nanoTime();
  }

  static RecordedAgentSpan start(
      AgentRequest r,
      Tracer tracer,
      GenAiMetrics metrics,
      ContentCapture capture,
      ContentLimit limit,
      TraceScopedAttributes traceScoped) {
    SpanBuilder b =
        tracer
            .spanBuilder(r.spanName())
            .setSpanKind(r.remote() ? SpanKind.CLIENT : SpanKind.INTERNAL)
            .setParent(Context.current())
            .setAttribute(GenAiAttributes.OPERATION_NAME, GenAiAttributes.Operations.INVOKE_AGENT)
            .setAttribute(GenAiAttributes.AGENT_NAME, r.name());
    put(b, GenAiAttributes.AGENT_ID, r.id());
    put(b, GenAiAttributes.AGENT_DESCRIPTION, r.description());
    put(b, GenAiAttributes.PROVIDER_NAME, r.provider());
    put(b, GenAiAttributes.REQUEST_MODEL, r.requestModel());
    put(b, GenAiAttributes.CONVERSATION_ID, r.conversationId());
    if (capture.onSpan()) {
      if (!r.inputMessages().isEmpty()) {
        put(b, GenAiAttributes.INPUT_MESSAGES, limit.messages(r.inputMessages()));
      }
      if (!r.systemInstructions().isEmpty()) {
        put(b, GenAiAttributes.SYSTEM_INSTRUCTIONS, limit.parts(r.systemInstructions()));
      }
    }
    RecordedAgentSpan agent = new RecordedAgentSpan(r, b, capture, limit, metrics);
    if (r.conversationId() != null && agent.span() instanceof ReadableSpan started) {
      // the session belongs to the whole trace, as for an LLM call's conversation id
      traceScoped.share(started, SHARED_KEYS);
    }
    return agent;
  }

  @Override
  public void end() {
    end(List.of());
  }

  @Override
  public void end(List<ChatMessage> outputMessages) {
    if (!endOnce()) {
      return;
    }
    if (capture.onSpan() && outputMessages != null && !outputMessages.isEmpty()) {
      String json = limit.messages(outputMessages);
      if (json != null) {
        span().setAttribute(GenAiAttributes.OUTPUT_MESSAGES, json);
      }
    }
    recordDuration(null);
    span().end();
  }

  @Override
  void failed(String errorType) {
    recordDuration(errorType);
  }

  private void recordDuration(String errorType) {
    metrics.recordDuration(
        GenAiAttributes.Operations.INVOKE_AGENT,
        request.provider(),
        request.requestModel(),
        null,
        null,
        errorType,
        (System.nanoTime() - startNanos) / 1e9);
  }

  @Override
  public String toString() {
    return "AgentSpan{" + name + ", ended=" + isEnded() + "}";
  }
}
