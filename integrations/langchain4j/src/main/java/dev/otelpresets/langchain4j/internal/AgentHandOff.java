package dev.otelpresets.langchain4j.internal;

import dev.otelpresets.core.AgentSpan;
import io.opentelemetry.context.Context;

/**
 * Carries an AI service's agent span from its "request issued" event to the chat-model listener's
 * {@code onRequest} on the same thread: LangChain4j fires the event right before it calls the
 * model, and the listener learns nothing else about the invocation it runs in. Nothing is made
 * current, so nothing can leak into the thread's context when an AI service streams or fails.
 */
public final class AgentHandOff {
  private static final ThreadLocal<AgentSpan> PENDING = new ThreadLocal<>();

  private AgentHandOff() {}

  /** The next chat call on this thread belongs to {@code agent}. */
  public static void offer(AgentSpan agent) {
    PENDING.set(agent);
  }

  /** Forgets {@code agent} when it is the one pending on this thread. */
  public static void withdraw(AgentSpan agent) {
    if (PENDING.get() == agent) {
      PENDING.remove();
    }
  }

  /**
   * The parent context of a chat call starting on this thread: the pending agent's when it is
   * still running, else the current context. Takes the pending agent (one call per offer).
   */
  public static Context parentOfCall() {
    AgentSpan agent = PENDING.get();
    if (agent == null) {
      return Context.current();
    }
    PENDING.remove();
    return agent.isEnded() ? Context.current() : Context.current().with(agent.span());
  }
}
