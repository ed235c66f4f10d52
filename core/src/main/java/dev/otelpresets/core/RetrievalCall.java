package dev.otelpresets.core;

import java.util.List;

/** One retrieval in flight ({@code retrieval {data source}}): one span. */
public interface RetrievalCall extends GenAiSpan {

  /** Ends the retrieval successfully without recording its documents. */
  default void end() {
    end(List.of());
  }

  /**
   * Ends the retrieval successfully; {@code documents} become {@code gen_ai.retrieval.documents}
   * (JSON: id, score, content) when content capture is on.
   */
  void end(List<RetrievedDocument> documents);
}
