package dev.otelpresets.core.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Objects;

/**
 * Merges one owner's resource attributes (a project name, a tenant's routing keys) over the span's
 * resource, so one shared {@code Resource} never forces one backend's routing on another.
 */
final class ResourceOverlay implements SpanStage {
  /** One-entry cache: nearly every span of a process shares one Resource instance. */
  private record Overlaid(Resource original, Resource overlaid) {}

  private final Attributes overlay;
  private final String name;
  private volatile Overlaid last;

  /** @param name what the overlay is, for descriptions ({@code resource-overlay}) */
  ResourceOverlay(String name, Attributes overlay) {
    this.name = Objects.requireNonNull(name, "name");
    this.overlay = Objects.requireNonNull(overlay, "overlay");
  }

  @Override
  public SpanData apply(SpanData span) {
    if (overlay.isEmpty()) {
      return span;
    }
    Resource resource = span.getResource();
    Overlaid l = last;
    if (l == null || l.original() != resource) {
      l = new Overlaid(resource, resource.merge(Resource.create(overlay, resource.getSchemaUrl())));
      last = l;
    }
    return OwnerSpan.withResource(span, l.overlaid());
  }

  @Override
  public String describe() {
    return name; // the keys' values may be tenant routing data: never described
  }
}
