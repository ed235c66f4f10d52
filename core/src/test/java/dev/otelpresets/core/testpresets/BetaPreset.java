package dev.otelpresets.core.testpresets;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

/**
 * Test preset {@code mem-beta}: its own vocabulary ({@code beta.model} instead of {@code
 * gen_ai.request.model}, plus {@code beta.mapped=true}) and a resource overlay {@code
 * beta.project=beta-project}, {@code service.name=beta-service}.
 */
public final class BetaPreset implements PresetProvider {
  public static final String NAME = "mem-beta";
  public static final ExporterOwner OWNER = ExporterOwner.of("mem-beta");
  public static final AttributeKey<String> MODEL = AttributeKey.stringKey("beta.model");
  public static final AttributeKey<Boolean> MAPPED = AttributeKey.booleanKey("beta.mapped");
  public static final AttributeKey<String> PROJECT = AttributeKey.stringKey("beta.project");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ExporterOwner owner() {
    return OWNER;
  }

  @Override
  public Preset create(PresetSettings settings) {
    return Preset.builder(OWNER)
        .exporter(MemoryPresetSupport.inMemory(NAME, OWNER))
        .mapper(
            (span, content, limit) -> {
              var b = span.getAttributes().toBuilder();
              b.remove(GenAiAttributes.REQUEST_MODEL);
              String model = span.getAttributes().get(GenAiAttributes.REQUEST_MODEL);
              if (model != null) {
                b.put(MODEL, model);
              }
              b.put(MAPPED, true);
              return b.build();
            })
        .resourceOverlay(
            Attributes.of(
                PROJECT, "beta-project", AttributeKey.stringKey("service.name"), "beta-service"))
        .build();
  }
}
