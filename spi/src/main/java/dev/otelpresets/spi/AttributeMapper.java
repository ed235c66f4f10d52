package dev.otelpresets.spi;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Turns a finished canonical span (OpenTelemetry GenAI semantic conventions, see {@link
 * GenAiAttributes}) into the attributes one backend reads. Runs at export time, on that backend's
 * export thread, for every span that backend receives — LLM calls and the host's other spans alike.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Pure: no I/O, no shared mutable state, same input same output. Called concurrently.
 *   <li>Returns the complete attribute set for the span at this backend (keep the canonical keys
 *       you want to keep, add the vocabulary's own).
 *   <li>Stays within {@code attributeLimit} attributes; shed low-value keys first.
 *   <li>Should not throw; if it does, the framework logs the error and exports the canonical span
 *       unchanged, so a span is never lost to a mapper bug.
 * </ul>
 */
@FunctionalInterface
public interface AttributeMapper {

  /** The OpenTelemetry SDK's default span attribute count limit. */
  int DEFAULT_ATTRIBUTE_LIMIT = 128;

  /**
   * Maps one span.
   *
   * @param span the finished canonical span: name, kind, attributes, events, status, resource
   * @param attributeLimit the most attributes the result may hold
   * @return the attributes this backend receives for the span
   */
  Attributes map(SpanData span, int attributeLimit);

  /** The mapper that sends the canonical attributes unchanged (Levo, {@code otel}). */
  static AttributeMapper canonical() {
    return (span, limit) -> span.getAttributes();
  }
}
