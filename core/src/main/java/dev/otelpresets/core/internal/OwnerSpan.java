package dev.otelpresets.core.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;

/** The shared span seen through one owner's attributes and resource; the span is not copied. */
final class OwnerSpan extends DelegatingSpanData {
  private final SpanData original;
  private final Attributes attributes;
  private final Resource resource;

  private OwnerSpan(SpanData original, Attributes attributes, Resource resource) {
    super(original);
    this.original = original;
    this.attributes = attributes;
    this.resource = resource;
  }

  /** {@code span} with other attributes (unwrapping an earlier view, so views never nest). */
  static SpanData withAttributes(SpanData span, Attributes attributes) {
    return span instanceof OwnerSpan o
        ? new OwnerSpan(o.original, attributes, o.resource)
        : new OwnerSpan(span, attributes, span.getResource());
  }

  /**
   * The span the fan-out handed over, under any owner views: where the span's shared, once-parsed
   * content is found.
   */
  static SpanData original(SpanData span) {
    return span instanceof OwnerSpan o ? o.original : span;
  }

  /** {@code span} with another resource. */
  static SpanData withResource(SpanData span, Resource resource) {
    return span instanceof OwnerSpan o
        ? new OwnerSpan(o.original, o.attributes, resource)
        : new OwnerSpan(span, span.getAttributes(), resource);
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public int getTotalAttributeCount() {
    return attributes.size();
  }

  @Override
  public Resource getResource() {
    return resource;
  }
}
