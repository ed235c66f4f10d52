package dev.otelpresets.support.internal;

import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.genai.GenAiContent;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.function.Supplier;

/**
 * A mapper in two parts: a stateless mapping that several owners' mappers may have in common
 * ({@link #shared()}), and this owner's own step around it, which may keep state of its own (the
 * calls' content carried to a trace's root, say). The framework hands the step the shared
 * mapping's output for the span, made once for every owner whose shared mapping, attribute limit
 * and input attributes are equal; the state never leaves the owner, so what one backend's spans
 * carried never reaches another's.
 *
 * <p>Unstable internal API of the built-in presets, not part of the SPI's compatibility promise.
 */
public interface OwnerMapper extends AttributeMapper {

  /**
   * The stateless part: deterministic, keeps no state, and the same instance (or an equal one) for
   * every owner whose output may be shared.
   */
  AttributeMapper shared();

  /**
   * Maps one span for this owner.
   *
   * @param sharedOutput gives {@code shared().map(span, content, attributeLimit)}, possibly made
   *     for another owner; called at most once, and not at all when the step maps on its own
   */
  Attributes map(
      SpanData span, GenAiContent content, int attributeLimit, Supplier<Attributes> sharedOutput);

  /** The step with a shared output made here. */
  @Override
  default Attributes map(SpanData span, GenAiContent content, int attributeLimit) {
    return map(span, content, attributeLimit, () -> shared().map(span, content, attributeLimit));
  }
}
