package dev.otelpresets.spi;

import dev.otelpresets.spi.genai.GenAiContent;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Turns a finished canonical span (see {@link GenAiAttributes}) into the attributes one backend
 * reads, on that backend's export thread, for every span it receives (LLM calls and other spans).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>No I/O, and deterministic: a span mapped on its own maps the same every time. Called
 *       concurrently. A mapper may keep bounded, short-lived per-trace state to carry facts of a
 *       trace's spans to its root (the Langfuse mapper gives the root span the trace's input and
 *       output); a preset's mapper serves only that preset's owner, so such state never reaches
 *       another backend.
 *   <li>Reads the span's messages, tools and other JSON-valued content from {@code content}, never
 *       by parsing the attributes' JSON: the framework parses a span's content once for every
 *       backend, and only when a mapper asks.
 *   <li>Returns the complete attribute set for the span at this backend (keep the canonical keys
 *       you want to keep, add the vocabulary's own).
 *   <li>Stays within {@code attributeLimit} attributes; shed low-value keys first.
 *   <li>Should not throw; if it does, the framework logs the error and exports the canonical span
 *       unchanged, so a span is never lost to a mapper bug.
 * </ul>
 * @since 0.1
 */
@FunctionalInterface
public interface AttributeMapper {

  /** The OpenTelemetry SDK's default span attribute count limit. */
  int DEFAULT_ATTRIBUTE_LIMIT = 128;

  /** Maps one span.
   * @param span the finished canonical span: name, kind, attributes, events, status, resource
   * @param content the span's GenAI content, parsed from {@code span}'s attributes on first use
   * @param attributeLimit the most attributes the result may hold
   * @return the attributes this backend receives for the span */
  Attributes map(SpanData span, GenAiContent content, int attributeLimit);

  /** The mapper that sends the canonical attributes unchanged (Levo, {@code otel}). */
  static AttributeMapper canonical() {
    return (span, content, limit) -> span.getAttributes();
  }
}
