package dev.otelpresets.core.internal;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.ToolCall;
import dev.otelpresets.core.ToolRequest;
import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * The one span of a tool execution, child of the current context; its duration is recorded in
 * {@code gen_ai.client.operation.duration} with {@code gen_ai.operation.name} {@code execute_tool}.
 */
final class RecordedToolCall extends RecordedOperation implements ToolCall {
  private final String name;
  private final ContentCapture capture;
  private final GenAiMetrics metrics;
  private final long startNanos;
  private final java.time.Instant startTime; // when the host gave one: the tool ran earlier

  private RecordedToolCall(
      ToolRequest request, SpanBuilder builder, ContentCapture capture, GenAiMetrics metrics) {
    super(builder.startSpan());
    this.name = request.spanName();
    this.capture = capture;
    this.metrics = metrics;
    this.startNanos = System.nanoTime();
    this.startTime = request.startTime();
  }

  static RecordedToolCall start(
      ToolRequest r, Tracer tracer, GenAiMetrics metrics, ContentCapture capture) {
    SpanBuilder b =
        tracer
            .spanBuilder(r.spanName())
            .setSpanKind(SpanKind.INTERNAL)
            .setParent(Context.current())
            .setAttribute(GenAiAttributes.OPERATION_NAME, GenAiAttributes.Operations.EXECUTE_TOOL)
            .setAttribute(GenAiAttributes.TOOL_NAME, r.name());
    put(b, GenAiAttributes.TOOL_CALL_ID, r.callId());
    put(b, GenAiAttributes.TOOL_TYPE, r.type());
    put(b, GenAiAttributes.TOOL_DESCRIPTION, r.description());
    if (capture.onSpan()) {
      put(b, GenAiAttributes.TOOL_CALL_ARGUMENTS, r.arguments());
    }
    if (r.startTime() != null) {
      b.setStartTimestamp(r.startTime());
    }
    return new RecordedToolCall(r, b, capture, metrics);
  }

  @Override
  public void end() {
    end(null);
  }

  @Override
  public void end(String result) {
    if (!endOnce()) {
      return;
    }
    if (capture.onSpan() && result != null) {
      span().setAttribute(GenAiAttributes.TOOL_CALL_RESULT, result);
    }
    recordDuration(null);
    span().end();
  }

  @Override
  void failed(String errorType) {
    recordDuration(errorType);
  }

  private void recordDuration(String errorType) {
    double seconds =
        startTime == null
            ? (System.nanoTime() - startNanos) / 1e9
            : Math.max(
                0, java.time.Duration.between(startTime, java.time.Instant.now()).toNanos() / 1e9);
    metrics.recordDuration(
        GenAiAttributes.Operations.EXECUTE_TOOL, null, null, null, null, errorType, seconds);
  }

  @Override
  public String toString() {
    return "ToolCall{" + name + ", ended=" + isEnded() + "}";
  }
}
