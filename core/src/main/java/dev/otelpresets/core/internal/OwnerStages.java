package dev.otelpresets.core.internal;

import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterOwner;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-owner span stages, in the order they run on the owner's export thread — the one list to
 * edit to add a stage. Tenant partition (before these), statistics and the transport (after
 * them) are exporter decorators composed by {@link OwnerScopedSpanExporter}.
 */
final class OwnerStages {
  private OwnerStages() {}

  /** The stages every span of {@code owner} passes, whatever the mode. */
  static List<SpanStage> of(
      ExporterOwner owner, AttributeMapper mapper, Attributes resourceOverlay, int attributeLimit) {
    return of(owner, mapper, resourceOverlay, attributeLimit, List.of());
  }

  /** The same, with the mode's stages ({@link PipelineHooks}) just before the mapping. */
  static List<SpanStage> of(
      ExporterOwner owner,
      AttributeMapper mapper,
      Attributes resourceOverlay,
      int attributeLimit,
      List<SpanStage> modeStages) {
    List<SpanStage> stages = new ArrayList<>();
    stages.add(InternalKeyStripping.INSTANCE); // no mapper sees the framework's internal keys
    stages.addAll(modeStages);
    stages.add(new VocabularyMapping(owner, mapper, attributeLimit));
    stages.add(new ResourceOverlay("resource-overlay", resourceOverlay));
    return List.copyOf(stages);
  }
}
