package dev.otelpresets.core;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

/**
 * One tool execution in flight ({@code execute_tool}): one span. Thread-safe; ending more than
 * once, or from another thread, is safe — the first end wins, later ones are ignored.
 */
public interface ToolCall {

  /** Ends the execution successfully without a result. */
  void end();

  /**
   * Ends the execution successfully; {@code result} becomes {@code gen_ai.tool.call.result} when
   * content capture is on.
   */
  void end(String result);

  /** Ends the execution with an error: status ERROR, {@code error.type} the exception's class. */
  void fail(Throwable error);

  /**
   * Ends the execution with an error.
   *
   * @param errorType a low-cardinality type, e.g. {@code timeout}
   * @param message a description (on the span only)
   */
  void fail(String errorType, String message);

  /** Whether the execution has ended. */
  boolean isEnded();

  /** The execution's span. */
  Span span();

  /** The current context with this execution's span in it. */
  default Context context() {
    return Context.current().with(span());
  }
}
