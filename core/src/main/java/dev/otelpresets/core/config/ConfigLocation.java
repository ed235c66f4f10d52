package dev.otelpresets.core.config;

import java.util.Objects;

/** Where a value came from: {@code config.yaml:12:5}. Lines and columns count from 1. */
public record ConfigLocation(String source, int line, int column) {
  public ConfigLocation {
    Objects.requireNonNull(source, "source");
  }

  @Override
  public String toString() {
    return line > 0 ? source + ":" + line + ":" + column : source;
  }
}
