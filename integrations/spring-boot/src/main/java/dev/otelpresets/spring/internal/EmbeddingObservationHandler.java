package dev.otelpresets.spring.internal;

import dev.otelpresets.core.EmbeddingsCall;
import dev.otelpresets.core.EmbeddingsRequest;
import dev.otelpresets.core.GenAiSpan;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import io.micrometer.tracing.Tracer;
import java.util.Objects;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;

/**
 * A Spring AI embedding model call: an embeddings span through {@link
 * GenAiTelemetry#startEmbeddings}. A request that names no model (the embeddings API needs one)
 * is recorded as an {@code embeddings} call through {@link GenAiTelemetry#startCall}, as before.
 */
public final class EmbeddingObservationHandler
    extends GenAiTracingHandler<EmbeddingModelObservationContext, GenAiSpan> {
  private final GenAiTelemetry telemetry;

  public EmbeddingObservationHandler(GenAiTelemetry telemetry, Tracer tracer) {
    super(tracer, EmbeddingModelObservationContext.class);
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
  }

  @Override
  protected GenAiSpan start(EmbeddingModelObservationContext context) {
    EmbeddingsRequest request = SpringAiMessages.embeddingsRequest(context);
    return request != null
        ? telemetry.startEmbeddings(request)
        : telemetry.startCall(SpringAiMessages.embeddingRequest(context));
  }

  @Override
  protected void end(EmbeddingModelObservationContext context, GenAiSpan call) {
    if (call instanceof EmbeddingsCall embeddings) {
      embeddings.end(SpringAiMessages.embeddingsResponse(context.getResponse()));
    } else if (call instanceof LlmCall llm) {
      llm.end(SpringAiMessages.embeddingResponse(context.getResponse()));
    }
  }
}
