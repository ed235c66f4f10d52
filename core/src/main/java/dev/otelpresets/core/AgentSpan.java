package dev.otelpresets.core;

import dev.otelpresets.spi.genai.ChatMessage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.List;

/**
 * One agent invocation in flight ({@code invoke_agent}): one span, the parent of the LLM calls and
 * tool executions started while its {@link #context()} is current. Thread-safe; ending more than
 * once, or from another thread, is safe — the first end wins, later ones are ignored.
 */
public interface AgentSpan {

  /** Ends the invocation successfully. */
  void end();

  /** Ends the invocation successfully with its answer (recorded only when content capture is on). */
  void end(List<ChatMessage> outputMessages);

  /** Ends the invocation with an error: status ERROR, {@code error.type} the exception's class. */
  void fail(Throwable error);

  /**
   * Ends the invocation with an error.
   *
   * @param errorType a low-cardinality type, e.g. {@code timeout}
   * @param message a description (on the span only)
   */
  void fail(String errorType, String message);

  /** Whether the invocation has ended. */
  boolean isEnded();

  /** The invocation's span. */
  Span span();

  /** The current context with this invocation's span in it: make it current to parent calls. */
  default Context context() {
    return Context.current().with(span());
  }
}
