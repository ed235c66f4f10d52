package dev.otelpresets.presets.openinference;

import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Adds a backend's own keys on top of the OpenInference vocabulary (W&B Weave's display name and
 * thread id, for example). Same contract as the mapper: pure, thread-safe, must not throw (a throwing
 * extension is skipped for that span, the OpenInference keys are still sent).
 *
 * <p>Keys added here rank after the core OpenInference keys and before pass-through and flattened
 * messages when the attribute limit is tight; a key that the mapper also writes is replaced.
 */
@FunctionalInterface
public interface OpenInferenceExtension {

  /**
   * Adds this backend's keys for {@code span}.
   *
   * @param span the canonical span
   * @param spanKind the {@code openinference.span.kind} the mapper chose
   * @param out where to put the keys
   */
  void contribute(SpanData span, String spanKind, AttributesBuilder out);
}
