package dev.otelpresets.core;

import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import java.util.List;

/**
 * One agent invocation in flight ({@code invoke_agent}): one span, the parent of the LLM calls and
 * tool executions started while its {@link #context()} is current.
 */
public interface AgentSpan extends GenAiSpan {

  /** Ends the invocation successfully. */
  void end();

  /** Ends the invocation successfully with its answer (recorded only when content capture is on). */
  void end(List<ChatMessage> outputMessages);
}
