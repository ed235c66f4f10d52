package dev.otelpresets.core.testpresets;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterSpec;

/** Builds an exporter spec whose custom factory returns a fresh in-memory {@link Sinks.Sink}. */
final class MemoryPresetSupport {
  private MemoryPresetSupport() {}

  static ExporterSpec inMemory(String presetName, ExporterOwner owner) {
    return ExporterSpec.builder(owner)
        .endpoint("http://127.0.0.1:9/never-contacted/v1/traces")
        .customFactory((spec, otlp) -> Sinks.newSink(presetName))
        .build();
  }
}
