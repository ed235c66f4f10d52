package dev.otelpresets.core;

import java.util.Objects;

/**
 * One document a retrieval returned: its id, its relevance score (null when unknown) and its
 * content (null when not given; recorded only when content capture is on).
 */
public record RetrievedDocument(String id, Double score, String content) {
  public RetrievedDocument {
    Objects.requireNonNull(id, "id");
  }

  @Override
  public String toString() {
    // no content: it may be personal data
    return "RetrievedDocument{id=" + id + ", score=" + score + "}";
  }
}
