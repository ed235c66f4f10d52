package dev.otelpresets.testkit;

import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.genai.GenAiContent;
import dev.otelpresets.support.internal.ParsedContent;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Objects;

/**
 * Calls a mapper in a unit test the way the framework does at export time: with the span's GenAI
 * content parsed from its attributes by the framework's own reader, so a test sees exactly what a
 * backend would receive.
 */
public final class Mapping {
  private Mapping() {}

  /** The span's content as the framework hands it to mappers (parsed on first use). */
  public static GenAiContent contentOf(SpanData span) {
    return new ParsedContent(Objects.requireNonNull(span, "span").getAttributes());
  }

  /** {@code mapper.map(span, content, attributeLimit)} with the span's own content. */
  public static Attributes map(AttributeMapper mapper, SpanData span, int attributeLimit) {
    return mapper.map(span, contentOf(span), attributeLimit);
  }
}
