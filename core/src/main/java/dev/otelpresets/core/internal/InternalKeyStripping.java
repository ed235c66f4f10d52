package dev.otelpresets.core.internal;

import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Removes the framework's internal keys ({@value GenAiAttributes#INTERNAL_PREFIX}*, such as the
 * tenant binding) so that no mapper sees them and no backend receives them.
 */
final class InternalKeyStripping implements SpanStage {
  static final InternalKeyStripping INSTANCE = new InternalKeyStripping();

  private InternalKeyStripping() {}

  @Override
  public SpanData apply(SpanData span) {
    // every backend strips the same fan-out snapshot: scanned once for all of them
    return SharedContentSpan.stripped(span, InternalKeyStripping::strip);
  }

  private static SpanData strip(SpanData span) {
    Attributes in = span.getAttributes();
    Attributes out = strip(in);
    return out == in ? span : OwnerSpan.withAttributes(span, out);
  }

  /** {@code attributes} without internal keys; the same instance when there are none. */
  static Attributes strip(Attributes attributes) {
    boolean[] found = {false};
    attributes.forEach(
        (k, v) -> {
          if (k.getKey().startsWith(GenAiAttributes.INTERNAL_PREFIX)) {
            found[0] = true;
          }
        });
    if (!found[0]) {
      return attributes;
    }
    AttributesBuilder b = Attributes.builder();
    attributes.forEach(
        (k, v) -> {
          if (!k.getKey().startsWith(GenAiAttributes.INTERNAL_PREFIX)) {
            put(b, k, v);
          }
        });
    return b.build();
  }

  @SuppressWarnings("unchecked")
  private static <T> void put(AttributesBuilder b, AttributeKey<T> k, Object v) {
    b.put(k, (T) v);
  }

  @Override
  public String describe() {
    return "strip-internal-keys";
  }
}
