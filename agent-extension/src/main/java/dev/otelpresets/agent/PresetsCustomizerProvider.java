package dev.otelpresets.agent;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.autoconfigure.PresetsAutoConfiguration;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.internal.PipelineHooks;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;

/**
 * Plugs the presets into an SDK built by OpenTelemetry autoconfigure: the Java agent's (this
 * module's {@code -agent} jar passed as {@code -Dotel.javaagent.extensions=...}) or an
 * application's own {@code AutoConfiguredOpenTelemetrySdk} (this module's plain jar on the
 * classpath). Reads {@code otel.presets.callbacks} and {@code otel.presets.config} from the SDK's
 * configuration properties (system properties or {@code OTEL_PRESETS_*} environment variables)
 * and installs the one export pipeline (the same as the library's, built by the same Guice root)
 * into the tracer provider. Without callbacks it adds nothing.
 */
public final class PresetsCustomizerProvider implements AutoConfigurationCustomizerProvider {
  /** The normalisation stage's name in chain descriptions. */
  static final String NORMALIZE_STAGE = "normalize-genai-keys";

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    customizer.addTracerProviderCustomizer(PresetsCustomizerProvider::addPresets);
  }

  static SdkTracerProviderBuilder addPresets(SdkTracerProviderBuilder builder,
      ConfigProperties props) {
    PresetsAutoConfiguration presets;
    try {
      presets = PresetsAutoConfiguration.resolve(props,
          PresetsCustomizerProvider.class.getClassLoader(), Environment.system());
    } catch (ConfigException e) {
      throw new ConfigurationException("otel-presets: " + e.getMessage(), e);
    }
    if (presets.presetNames().isEmpty()) {
      return builder;
    }
    return presets.addSpanProcessors(builder, props, hooks());
  }

  /** What the agent adds to the one pipeline: older GenAI keys normalised before the mapping. */
  static PipelineHooks hooks() {
    return PipelineHooks.builder()
        .stageBeforeMapping(NORMALIZE_STAGE, GenAiSpanNormalizer::normalize)
        .build();
  }

  @Override
  public int order() {
    // after customizers that might add span processors the presets' spans should see first
    return 1000;
  }
}
