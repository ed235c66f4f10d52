package dev.otelpresets.spring.internal;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import io.micrometer.tracing.Tracer;
import java.util.Objects;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;

/** A Spring AI embedding model call. */
public final class EmbeddingObservationHandler
    extends GenAiTracingHandler<EmbeddingModelObservationContext, LlmCall> {
  private final GenAiTelemetry telemetry;

  public EmbeddingObservationHandler(GenAiTelemetry telemetry, Tracer tracer) {
    super(tracer, EmbeddingModelObservationContext.class);
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
  }

  @Override
  protected LlmCall start(EmbeddingModelObservationContext context) {
    return telemetry.startCall(SpringAiMessages.embeddingRequest(context));
  }

  @Override
  protected void end(EmbeddingModelObservationContext context, LlmCall call) {
    call.end(SpringAiMessages.embeddingResponse(context.getResponse()));
  }
}
