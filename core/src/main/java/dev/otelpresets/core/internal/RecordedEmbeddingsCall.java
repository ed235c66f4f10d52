package dev.otelpresets.core.internal;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.EmbeddingsCall;
import dev.otelpresets.core.EmbeddingsRequest;
import dev.otelpresets.core.EmbeddingsResponse;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * The one CLIENT span of an embeddings call, child of the current context. The texts become
 * {@code gen_ai.input.messages} as one user message with one text part each — the shape every
 * preset's mapper already reads for embeddings.
 */
final class RecordedEmbeddingsCall extends RecordedOperation implements EmbeddingsCall {
  private final EmbeddingsRequest request;
  private final GenAiMetrics metrics;
  private final long startNanos;

  private RecordedEmbeddingsCall(
      EmbeddingsRequest request, SpanBuilder builder, GenAiMetrics metrics) {
    super(builder.startSpan());
    this.request = request;
    this.metrics = metrics;
    this.startNanos = System.nanoTime();
  }

  static RecordedEmbeddingsCall start(
      EmbeddingsRequest r,
      Tracer tracer,
      GenAiMetrics metrics,
      ContentCapture capture,
      ContentLimit limit) {
    SpanBuilder b =
        tracer
            .spanBuilder(r.spanName())
            .setSpanKind(SpanKind.CLIENT)
            .setParent(Context.current())
            .setAttribute(GenAiAttributes.OPERATION_NAME, GenAiAttributes.Operations.EMBEDDINGS)
            .setAttribute(GenAiAttributes.REQUEST_MODEL, r.requestModel());
    put(b, GenAiAttributes.PROVIDER_NAME, r.provider());
    put(b, GenAiAttributes.EMBEDDINGS_DIMENSION_COUNT, r.dimensions());
    if (!r.encodingFormats().isEmpty()) {
      b.setAttribute(GenAiAttributes.REQUEST_ENCODING_FORMATS, r.encodingFormats());
    }
    put(b, GenAiAttributes.SERVER_ADDRESS, r.serverAddress());
    if (r.serverPort() != null) {
      b.setAttribute(GenAiAttributes.SERVER_PORT, r.serverPort().longValue());
    }
    if (capture.onSpan() && !r.inputs().isEmpty()) {
      List<ChatMessage> texts = new ArrayList<>(r.inputs().size());
      for (String text : r.inputs()) {
        texts.add(ChatMessage.text("user", text));
      }
      put(b, GenAiAttributes.INPUT_MESSAGES, limit.messages(texts));
    }
    return new RecordedEmbeddingsCall(r, b, metrics);
  }

  @Override
  public void end(EmbeddingsResponse r) {
    EmbeddingsResponse response = r == null ? EmbeddingsResponse.empty() : r;
    if (!endOnce()) {
      return;
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    if (response.responseModel() != null) {
      span().setAttribute(GenAiAttributes.RESPONSE_MODEL, response.responseModel());
    }
    if (response.inputTokens() != null) {
      span().setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, response.inputTokens());
    }
    if (request.dimensions() == null && response.dimensions() != null) {
      span().setAttribute(GenAiAttributes.EMBEDDINGS_DIMENSION_COUNT, response.dimensions());
    }
    metrics.record(
        GenAiAttributes.Operations.EMBEDDINGS,
        request.provider(),
        request.requestModel(),
        response.responseModel(),
        request.serverAddress(),
        request.serverPort(),
        null,
        seconds,
        response.inputTokens(),
        null,
        null,
        null);
    span().end();
  }

  @Override
  void failed(String errorType) {
    metrics.recordDuration(
        GenAiAttributes.Operations.EMBEDDINGS,
        request.provider(),
        request.requestModel(),
        request.serverAddress(),
        request.serverPort(),
        errorType,
        (System.nanoTime() - startNanos) / 1e9);
  }

  @Override
  public String toString() {
    return "EmbeddingsCall{" + request.spanName() + ", ended=" + isEnded() + "}";
  }
}
