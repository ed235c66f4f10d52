package dev.otelpresets.core;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

/**
 * One LLM call in flight: one CLIENT span, whatever the number of backends. Thread-safe; ending
 * more than once, or from another thread, is safe — the first end wins, later ones are ignored.
 */
public interface LlmCall {

  /** Marks the first streamed chunk (time to first chunk). Later calls count further chunks. */
  void firstChunk();

  /** Counts one streamed chunk after the first (for the time-per-output-chunk metric). */
  void chunk();

  /** Ends the call successfully. */
  void end(LlmResponse response);

  /** Ends the call with an error: status ERROR, {@code error.type} the exception's class. */
  void fail(Throwable error);

  /**
   * Ends the call with an error.
   *
   * @param errorType a low-cardinality type, e.g. {@code timeout}, {@code 500}
   * @param message a description (on the span only, never on metrics)
   */
  void fail(String errorType, String message);

  /** Whether the call has ended. */
  boolean isEnded();

  /** The call's span, e.g. to parent tool spans under it. */
  Span span();

  /** The current context with this call's span in it. */
  default Context context() {
    return Context.current().with(span());
  }
}
