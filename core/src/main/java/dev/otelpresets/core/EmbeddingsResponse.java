package dev.otelpresets.core;

/** What an embeddings call returned, for {@link EmbeddingsCall#end(EmbeddingsResponse)}. */
public final class EmbeddingsResponse {
  private static final EmbeddingsResponse EMPTY = builder().build();

  private final String responseModel;
  private final Long inputTokens;
  private final Long dimensions;

  private EmbeddingsResponse(Builder b) {
    responseModel = b.responseModel;
    inputTokens = b.inputTokens;
    dimensions = b.dimensions;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A response with nothing known about it. */
  public static EmbeddingsResponse empty() {
    return EMPTY;
  }

  public String responseModel() {
    return responseModel;
  }

  public Long inputTokens() {
    return inputTokens;
  }

  /** The vector size returned, or null. */
  public Long dimensions() {
    return dimensions;
  }

  @Override
  public String toString() {
    return "EmbeddingsResponse{model="
        + responseModel
        + ", inputTokens="
        + inputTokens
        + ", dimensions="
        + dimensions
        + "}";
  }

  /** Builder for {@link EmbeddingsResponse}. */
  public static final class Builder {
    private String responseModel;
    private Long inputTokens;
    private Long dimensions;

    private Builder() {}

    /** {@code gen_ai.response.model}. */
    public Builder responseModel(String model) {
      this.responseModel = model;
      return this;
    }

    /** {@code gen_ai.usage.input_tokens}. */
    public Builder inputTokens(long tokens) {
      this.inputTokens = tokens;
      return this;
    }

    /**
     * {@code gen_ai.embeddings.dimension.count} as returned (the length of a vector), when the
     * request did not say.
     */
    public Builder dimensions(long count) {
      this.dimensions = count;
      return this;
    }

    public EmbeddingsResponse build() {
      return new EmbeddingsResponse(this);
    }
  }
}
