package dev.otelpresets.core;

/** One embeddings call in flight ({@code embeddings {model}}): one CLIENT span. */
public interface EmbeddingsCall extends GenAiSpan {

  /** Ends the call successfully with nothing known about the response. */
  default void end() {
    end(EmbeddingsResponse.empty());
  }

  /** Ends the call successfully; records usage and the GenAI client metrics. */
  void end(EmbeddingsResponse response);
}
