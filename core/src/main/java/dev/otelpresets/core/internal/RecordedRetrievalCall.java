package dev.otelpresets.core.internal;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.RetrievalCall;
import dev.otelpresets.core.RetrievalRequest;
import dev.otelpresets.core.RetrievedDocument;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.support.internal.Json;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one INTERNAL span of a retrieval, child of the current context. The query and the documents
 * (JSON array of {@code {"id","score","content"}}) are recorded only when content capture is on,
 * within the attribute length limit and still valid JSON. Its duration is recorded in {@code
 * gen_ai.client.operation.duration} with {@code gen_ai.operation.name} {@code retrieval} (and the
 * provider when given), as agents' and tools' are.
 */
final class RecordedRetrievalCall extends RecordedOperation implements RetrievalCall {
  private final String name;
  private final String provider;
  private final ContentCapture capture;
  private final ContentLimit limit;
  private final GenAiMetrics metrics;
  private final long startNanos;

  private RecordedRetrievalCall(
      RetrievalRequest request,
      SpanBuilder builder,
      ContentCapture capture,
      ContentLimit limit,
      GenAiMetrics metrics) {
    super(builder.startSpan());
    this.name = request.spanName();
    this.provider = request.provider();
    this.capture = capture;
    this.limit = limit;
    this.metrics = metrics;
    this.startNanos = System.nanoTime();
  }

  static RecordedRetrievalCall start(
      RetrievalRequest r,
      Tracer tracer,
      GenAiMetrics metrics,
      ContentCapture capture,
      ContentLimit limit) {
    SpanBuilder b =
        tracer
            .spanBuilder(r.spanName())
            .setSpanKind(SpanKind.INTERNAL)
            .setParent(Context.current())
            .setAttribute(GenAiAttributes.OPERATION_NAME, GenAiAttributes.Operations.RETRIEVAL)
            .setAttribute(GenAiAttributes.DATA_SOURCE_ID, r.dataSourceId());
    put(b, GenAiAttributes.PROVIDER_NAME, r.provider());
    put(b, GenAiAttributes.RETRIEVAL_TOP_K, r.topK());
    if (capture.onSpan() && r.query() != null) {
      b.setAttribute(
          GenAiAttributes.RETRIEVAL_QUERY_TEXT, ContentLimit.cut(r.query(), limit.maxLength()));
    }
    return new RecordedRetrievalCall(r, b, capture, limit, metrics);
  }

  @Override
  public void end(List<RetrievedDocument> documents) {
    if (!endOnce()) {
      return;
    }
    if (capture.onSpan() && documents != null && !documents.isEmpty()) {
      String json = documentsJson(documents, limit.maxLength());
      if (json != null) {
        span().setAttribute(GenAiAttributes.RETRIEVAL_DOCUMENTS, json);
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
        GenAiAttributes.Operations.RETRIEVAL,
        provider,
        null,
        null,
        null,
        errorType,
        (System.nanoTime() - startNanos) / 1e9);
  }

  /**
   * The documents as JSON no longer than {@code max}: contents are cut ever shorter, then the last
   * documents make way; null when not even one fits.
   */
  static String documentsJson(List<RetrievedDocument> documents, int max) {
    int cap = Integer.MAX_VALUE;
    for (int kept = documents.size(); kept > 0; ) {
      String json = write(documents.subList(0, kept), cap);
      if (json.length() <= max) {
        return json;
      }
      if (cap > 48) {
        cap = Math.max(48, Math.min(cap, max) / 2);
      } else {
        kept--;
      }
    }
    return null;
  }

  private static String write(List<RetrievedDocument> documents, int contentCap) {
    List<Object> out = new ArrayList<>(documents.size());
    for (RetrievedDocument d : documents) {
      if (d == null) {
        continue; // a host's null never keeps the span from ending
      }
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("id", d.id());
      if (d.score() != null) {
        o.put("score", d.score());
      }
      if (d.content() != null) {
        o.put("content", ContentLimit.cut(d.content(), contentCap));
      }
      out.add(o);
    }
    return Json.write(out);
  }

  @Override
  public String toString() {
    return "RetrievalCall{" + name + ", ended=" + isEnded() + "}";
  }
}
