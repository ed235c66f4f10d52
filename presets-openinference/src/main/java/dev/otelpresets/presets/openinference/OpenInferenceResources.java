package dev.otelpresets.presets.openinference;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.Objects;

/** Resource overlays of the OpenInference backends. */
public final class OpenInferenceResources {
  /** {@code openinference.project.name}: the Phoenix / Arize project the spans land in. */
  public static final AttributeKey<String> PROJECT_NAME =
      AttributeKey.stringKey(OpenInferenceAttributes.PROJECT_NAME);

  private OpenInferenceResources() {}

  /** The overlay routing spans to {@code project}. */
  public static Attributes project(String project) {
    return Attributes.of(PROJECT_NAME, Objects.requireNonNull(project, "project"));
  }
}
