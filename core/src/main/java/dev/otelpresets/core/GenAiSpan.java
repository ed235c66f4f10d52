package dev.otelpresets.core;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

/**
 * What every recorded operation in flight has — an LLM call, an agent invocation, a tool
 * execution: one span, ended once. Thread-safe; ending more than once, or from another thread, is
 * safe — the first end wins, later ones are ignored.
 */
public interface GenAiSpan {

  /** Ends the operation with an error: status ERROR, {@code error.type} the exception's class. */
  void fail(Throwable error);

  /**
   * Ends the operation with an error.
   *
   * @param errorType a low-cardinality type, e.g. {@code timeout}, {@code 500}
   * @param message a description (on the span only, never on metrics)
   */
  void fail(String errorType, String message);

  /** Whether the operation has ended. */
  boolean isEnded();

  /** The operation's span, e.g. to parent other spans under it. */
  Span span();

  /** The current context with this operation's span in it. */
  default Context context() {
    return Context.current().with(span());
  }
}
