package dev.otelpresets.core;

/** One tool execution in flight ({@code execute_tool}): one span. */
public interface ToolCall extends GenAiSpan {

  /** Ends the execution successfully without a result. */
  void end();

  /**
   * Ends the execution successfully; {@code result} becomes {@code gen_ai.tool.call.result} when
   * content capture is on.
   */
  void end(String result);
}
