package dev.otelpresets.core;

import java.util.Locale;

/**
 * Whether prompt and completion content is recorded, with the values of {@code
 * OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT} (also {@code
 * settings.capture_message_content} in YAML). Off by default: content may be personal data.
 */
public enum ContentCapture {
  /** No prompt or completion text anywhere (the default). */
  NO_CONTENT("no_content"),
  /** Content on the span as {@code gen_ai.input.messages} and friends. */
  SPAN_ONLY("span_only"),
  /** Content on the span and in a {@code gen_ai.client.inference.operation.details} log event. */
  SPAN_AND_EVENT("span_and_event"),
  /** Content only in the log event. */
  EVENT_ONLY("event_only");

  private final String value;

  ContentCapture(String value) {
    this.value = value;
  }

  /** The configuration value, e.g. {@code span_only}. */
  public String value() {
    return value;
  }

  public boolean onSpan() {
    return this == SPAN_ONLY || this == SPAN_AND_EVENT;
  }

  public boolean onEvent() {
    return this == EVENT_ONLY || this == SPAN_AND_EVENT;
  }

  /**
   * Parses a configuration value; {@code true}/{@code false} are accepted as {@code span_only} and
   * {@code no_content} for compatibility with the older boolean variable.
   *
   * @throws IllegalArgumentException listing the valid values
   */
  public static ContentCapture parse(String text) {
    String v = text.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return SPAN_ONLY;
    }
    if (v.equals("false")) {
      return NO_CONTENT;
    }
    for (ContentCapture c : values()) {
      if (c.value.equals(v)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "'"
            + text
            + "' is not a content capture mode; use one of no_content, span_only,"
            + " span_and_event, event_only");
  }
}
