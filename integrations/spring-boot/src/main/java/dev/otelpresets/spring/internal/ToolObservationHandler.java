package dev.otelpresets.spring.internal;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.ToolCall;
import dev.otelpresets.core.ToolRequest;
import io.micrometer.tracing.Tracer;
import java.util.Objects;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

/** A tool Spring AI executes for the model ({@code execute_tool {name}}). */
public final class ToolObservationHandler
    extends GenAiTracingHandler<ToolCallingObservationContext, ToolCall> {
  private final GenAiTelemetry telemetry;

  public ToolObservationHandler(GenAiTelemetry telemetry, Tracer tracer) {
    super(tracer, ToolCallingObservationContext.class);
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
  }

  @Override
  protected ToolCall start(ToolCallingObservationContext context) {
    ToolDefinition d = context.getToolDefinition();
    ToolRequest.Builder b = ToolRequest.builder(d.name()).type("function");
    if (d.description() != null && !d.description().isEmpty()) {
      b.description(d.description());
    }
    if (context.getToolCallId() != null && !context.getToolCallId().isEmpty()) {
      b.callId(context.getToolCallId());
    }
    if (context.getToolCallArguments() != null) {
      b.arguments(context.getToolCallArguments());
    }
    return telemetry.startTool(b.build());
  }

  @Override
  protected void end(ToolCallingObservationContext context, ToolCall tool) {
    String result = context.getToolCallResult();
    if (result == null) {
      tool.end();
    } else {
      tool.end(result);
    }
  }
}
