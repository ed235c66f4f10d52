package dev.otelpresets.core;

/**
 * One LLM call in flight: one CLIENT span, whatever the number of backends. Thread-safe; ending
 * more than once, or from another thread, is safe — the first end wins, later ones are ignored.
 */
public interface LlmCall extends GenAiSpan {

  /** Marks the first streamed chunk (time to first chunk). Later calls count further chunks. */
  void firstChunk();

  /** Counts one streamed chunk after the first (for the time-per-output-chunk metric). */
  void chunk();

  /** Ends the call successfully. */
  void end(LlmResponse response);
}
