package dev.otelpresets.core.internal;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.Environment;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.config.ConfigLoader;
import dev.otelpresets.core.config.OtelPresetsConfig;
import java.util.List;
import java.util.Locale;

/** What the recording API records: the content capture mode and the longest attribute value. */
record RecordingSettings(ContentCapture capture, ContentLimit contentLimit) {
  static final String CONTENT_CAPTURE_ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

  static RecordingSettings of(OtelPresetsConfig config, Environment env) {
    return new RecordingSettings(
        contentCapture(config, env), new ContentLimit(attributeValueLengthLimit(config, env)));
  }

  /**
   * The longest attribute value: {@code settings.max_attribute_value_length}, else the standard
   * {@code OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT} / {@code OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT}
   * (system property first, as autoconfigure reads them), else the default.
   */
  static int attributeValueLengthLimit(OtelPresetsConfig config, Environment env) {
    if (config.maxAttributeValueLength().isPresent()) {
      return config.maxAttributeValueLength().get();
    }
    for (String property :
        List.of("otel.span.attribute.value.length.limit", "otel.attribute.value.length.limit")) {
      String v = System.getProperty(property);
      if (v == null) {
        v = env.get(property.toUpperCase(Locale.ROOT).replace('.', '_')).orElse(null);
      }
      if (v != null) {
        try {
          int n = Integer.parseInt(v.trim());
          if (n > 0) {
            return n;
          }
        } catch (NumberFormatException e) {
          // autoconfigure reports the malformed variable when the SDK is built
        }
      }
    }
    return ConfigLoader.DEFAULT_ATTRIBUTE_VALUE_LENGTH;
  }

  /** The same settings recording {@code capture} instead. */
  RecordingSettings withCapture(ContentCapture capture) {
    return new RecordingSettings(capture, contentLimit);
  }

  /**
   * The global content mode: {@code settings.capture_message_content}, else {@value
   * #CONTENT_CAPTURE_ENV}, else off.
   */
  static ContentCapture contentCapture(OtelPresetsConfig config, Environment env) {
    if (config.contentCapture().isPresent()) {
      return config.contentCapture().get();
    }
    return env.get(CONTENT_CAPTURE_ENV)
        .map(
            v -> {
              try {
                return ContentCapture.parse(v);
              } catch (IllegalArgumentException e) {
                throw new ConfigException(
                    "environment variable " + CONTENT_CAPTURE_ENV + ": " + e.getMessage());
              }
            })
        .orElse(ContentCapture.NO_CONTENT);
  }
}
