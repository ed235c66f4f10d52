package dev.otelpresets.agent;

import dev.otelpresets.core.internal.ForwardingReadableSpan;
import dev.otelpresets.core.internal.TenantRouter;
import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * An ended span as every preset receives it: the first preset export thread that reads it ({@link
 * #toSpanData()}) joins the span's GenAI event content, turns the {@value
 * RequestMarkers#TENANT_KEY} marker into the internal routing key and strips the marker; every
 * other preset gets the same result. The span itself, and the SDK's own exporter, see nothing of
 * this. Held only while a preset's queue holds the span.
 */
final class PreparedSpan extends ForwardingReadableSpan {
  private final GenAiEventJoin join; // null: no content capture
  private final RequestMarkers markers;
  private final long endNanoTime;
  private volatile SpanData data;

  PreparedSpan(ReadableSpan span, GenAiEventJoin join, RequestMarkers markers, long endNanoTime) {
    super(span);
    this.join = join;
    this.markers = markers;
    this.endNanoTime = endNanoTime;
  }

  @Override
  public SpanData toSpanData() {
    SpanData d = data;
    if (d == null) {
      synchronized (this) {
        d = data;
        if (d == null) {
          d = prepare(span.toSpanData());
          data = d;
        }
      }
    }
    return d;
  }

  private SpanData prepare(SpanData base) {
    Attributes in = base.getAttributes();
    AttributesBuilder b = null;
    String marker = in.get(RequestMarkers.TENANT);
    if (marker != null || hasMarkerKey(in)) {
      // stripped whatever its type; only a string names a tenant
      b = in.toBuilder();
      b.removeIf(k -> k.getKey().equals(RequestMarkers.TENANT_KEY));
      if (marker != null && in.get(TenantRouter.TENANT_ID) == null) {
        // the marked span itself when it had no child: bound at its own end
        String id = markers.resolve(marker);
        if (id != null) {
          b.put(TenantRouter.TENANT_ID, id);
        }
      }
    }
    if (join != null && in.get(GenAiAttributes.OPERATION_NAME) != null) {
      Attributes content =
          join.take(
              base.getSpanContext(),
              endNanoTime,
              base.getStatus().getStatusCode() != StatusCode.ERROR);
      if (!content.isEmpty()) {
        b = b == null ? in.toBuilder() : b;
        AttributesBuilder out = b;
        // content the span already carries (recorded by the library) wins
        content.forEach(
            (k, v) -> {
              if (in.get(k) == null) {
                put(out, k, v);
              }
            });
      }
    }
    if (b == null) {
      return base;
    }
    Attributes out = b.build();
    return new DelegatingSpanData(base) {
      @Override
      public Attributes getAttributes() {
        return out;
      }

      @Override
      public int getTotalAttributeCount() {
        return Math.max(base.getTotalAttributeCount(), out.size());
      }
    };
  }

  private static boolean hasMarkerKey(Attributes attributes) {
    boolean[] found = {false};
    attributes.forEach((k, v) -> found[0] |= k.getKey().equals(RequestMarkers.TENANT_KEY));
    return found[0];
  }

  @SuppressWarnings("unchecked")
  private static <T> void put(AttributesBuilder b, AttributeKey<T> k, Object v) {
    b.put(k, (T) v);
  }
}
