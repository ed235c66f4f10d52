package dev.otelpresets.core;

import dev.otelpresets.spi.GenAiAttributes;
import java.util.Objects;

/**
 * What the host knows when a retrieval starts ({@code retrieval {data source}}): a query against
 * a data source (vector store, index, knowledge base). Immutable; build with {@link
 * #builder(String)}, or {@link #builder()} and {@link Builder#dataSourceId}.
 */
public final class RetrievalRequest {
  private final String dataSourceId;
  private final String query;
  private final Long topK;
  private final String provider;

  private RetrievalRequest(Builder b) {
    dataSourceId = b.dataSourceId;
    query = b.query;
    topK = b.topK;
    provider = b.provider;
  }

  /** A builder; set the data source with {@link Builder#dataSourceId(String)}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder for a retrieval from {@code dataSourceId} ({@code gen_ai.data_source.id}). */
  public static Builder builder(String dataSourceId) {
    return new Builder().dataSourceId(dataSourceId);
  }

  public String dataSourceId() {
    return dataSourceId;
  }

  /** The query text; recorded only when content capture is on. */
  public String query() {
    return query;
  }

  /** {@code gen_ai.retrieval.top_k}, or null. */
  public Long topK() {
    return topK;
  }

  public String provider() {
    return provider;
  }

  /** The span name: {@code "retrieval {dataSourceId}"}. */
  public String spanName() {
    return GenAiAttributes.Operations.RETRIEVAL + " " + dataSourceId;
  }

  @Override
  public String toString() {
    // no query: content may be personal data
    return "RetrievalRequest{" + spanName() + ", topK=" + topK + "}";
  }

  /** Builder for {@link RetrievalRequest}. */
  public static final class Builder {
    private String dataSourceId;
    private String query;
    private Long topK;
    private String provider;

    private Builder() {}

    /** {@code gen_ai.data_source.id} (required): the data source queried. */
    public Builder dataSourceId(String dataSourceId) {
      Objects.requireNonNull(dataSourceId, "dataSourceId");
      if (dataSourceId.isBlank()) {
        throw new IllegalArgumentException(
            "the data source id is blank; name the data source queried");
      }
      this.dataSourceId = dataSourceId;
      return this;
    }

    /** {@code gen_ai.retrieval.query.text} (recorded only when content capture is on). */
    public Builder query(String text) {
      this.query = text;
      return this;
    }

    /** {@code gen_ai.retrieval.top_k}: how many documents were asked for. */
    public Builder topK(long k) {
      if (k <= 0) {
        throw new IllegalArgumentException("topK must be positive: " + k);
      }
      this.topK = k;
      return this;
    }

    /** {@code gen_ai.provider.name} of the data source's service, when there is one. */
    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    /** The request; the data source is required. */
    public RetrievalRequest build() {
      if (dataSourceId == null) {
        throw new IllegalStateException(
            "no data source; set it with dataSourceId(...) or builder(dataSourceId)");
      }
      return new RetrievalRequest(this);
    }
  }
}
