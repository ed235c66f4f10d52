package dev.otelpresets.core.internal;

import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterOwner;
import io.opentelemetry.api.common.Attributes;
import java.util.List;

/**
 * The per-owner span stages, in the order they run on the owner's export thread — the one list to
 * edit to add a stage. Tenant partition (before these), statistics and the transport (after
 * them) are exporter decorators composed by {@link OwnerScopedSpanExporter}.
 */
final class OwnerStages {
  private OwnerStages() {}

  /** The stages every span of {@code owner} passes, whatever the mode. */
  static List<SpanStage> of(ExporterOwner owner, AttributeMapper mapper, Attributes resourceOverlay,
      int attributeLimit) {
    return List.of(
        InternalKeyStripping.INSTANCE, // no mapper sees the framework's internal keys
        new VocabularyMapping(owner, mapper, attributeLimit),
        new ResourceOverlay("resource-overlay", resourceOverlay));
  }
}
