package dev.otelpresets.agent;

import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Wraps the SDK's own span exporters ({@code otel.traces.exporter}): spans leave without the
 * {@value RequestMarkers#TENANT_KEY} marker and the framework's internal keys ({@code
 * otelpresets.internal.*}), which no backend may see. Everything else passes unchanged.
 */
final class MarkerStrippingSpanExporter implements SpanExporter {
  private final SpanExporter delegate;

  MarkerStrippingSpanExporter(SpanExporter delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    List<SpanData> out = null;
    int i = 0;
    for (SpanData span : spans) {
      Attributes stripped = strip(span.getAttributes());
      if (stripped != span.getAttributes() && out == null) {
        out = new ArrayList<>(spans);
      }
      if (out != null && stripped != span.getAttributes()) {
        out.set(
            i,
            new DelegatingSpanData(span) {
              @Override
              public Attributes getAttributes() {
                return stripped;
              }

              @Override
              public int getTotalAttributeCount() {
                return stripped.size();
              }
            });
      }
      i++;
    }
    return delegate.export(out == null ? spans : out);
  }

  /** {@code attributes} without markers, the same instance when there is none. */
  static Attributes strip(Attributes attributes) {
    boolean[] found = {false};
    attributes.forEach((k, v) -> found[0] |= isMarker(k));
    if (!found[0]) {
      return attributes;
    }
    AttributesBuilder b = attributes.toBuilder();
    b.removeIf(MarkerStrippingSpanExporter::isMarker);
    return b.build();
  }

  private static boolean isMarker(AttributeKey<?> k) {
    return k.getKey().equals(RequestMarkers.TENANT_KEY)
        || k.getKey().startsWith(GenAiAttributes.INTERNAL_PREFIX);
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "MarkerStrippingSpanExporter{" + delegate + "}";
  }
}
