package dev.otelpresets.core;

import dev.otelpresets.spi.GenAiAttributes;
import java.util.List;
import java.util.Objects;

/**
 * What the host knows when an embeddings call starts ({@code embeddings {model}}). Immutable;
 * build with {@link #builder(String)}, or {@link #builder()} and {@link Builder#requestModel}, as
 * {@link LlmRequest}. Only the model is needed.
 */
public final class EmbeddingsRequest {
  private final String requestModel;
  private final String provider;
  private final List<String> inputs;
  private final Long dimensions;
  private final List<String> encodingFormats;
  private final String serverAddress;
  private final Integer serverPort;

  private EmbeddingsRequest(Builder b) {
    requestModel = b.requestModel;
    provider = b.provider;
    inputs = List.copyOf(b.inputs);
    dimensions = b.dimensions;
    encodingFormats = List.copyOf(b.encodingFormats);
    serverAddress = b.serverAddress;
    serverPort = b.serverPort;
  }

  /** A builder; set the model with {@link Builder#requestModel(String)}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder for an embeddings call to {@code model} ({@code gen_ai.request.model}). */
  public static Builder builder(String model) {
    return new Builder().requestModel(model);
  }

  public String requestModel() {
    return requestModel;
  }

  public String provider() {
    return provider;
  }

  /** The texts embedded; recorded only when content capture is on. */
  public List<String> inputs() {
    return inputs;
  }

  /** {@code gen_ai.embeddings.dimension.count}, or null. */
  public Long dimensions() {
    return dimensions;
  }

  /** {@code gen_ai.request.encoding_formats}; empty when not given. */
  public List<String> encodingFormats() {
    return encodingFormats;
  }

  public String serverAddress() {
    return serverAddress;
  }

  public Integer serverPort() {
    return serverPort;
  }

  /** The span name: {@code "embeddings {model}"}. */
  public String spanName() {
    return GenAiAttributes.Operations.EMBEDDINGS + " " + requestModel;
  }

  @Override
  public String toString() {
    // no inputs: content may be personal data
    return "EmbeddingsRequest{"
        + spanName()
        + ", provider="
        + provider
        + ", inputs="
        + inputs.size()
        + "}";
  }

  /** Builder for {@link EmbeddingsRequest}. */
  public static final class Builder {
    private String requestModel;
    private String provider;
    private List<String> inputs = List.of();
    private Long dimensions;
    private List<String> encodingFormats = List.of();
    private String serverAddress;
    private Integer serverPort;

    private Builder() {}

    /** {@code gen_ai.request.model} (required): the model asked for. */
    public Builder requestModel(String model) {
      Objects.requireNonNull(model, "model");
      if (model.isBlank()) {
        throw new IllegalArgumentException("the embeddings model is blank; name the model");
      }
      this.requestModel = model;
      return this;
    }

    /** {@code gen_ai.provider.name}, e.g. {@code openai}. */
    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    /** The texts to embed (recorded as user messages only when content capture is on). */
    public Builder inputs(List<String> texts) {
      Objects.requireNonNull(texts, "texts");
      for (String t : texts) {
        Objects.requireNonNull(t, "an input text is null");
      }
      this.inputs = texts;
      return this;
    }

    /** {@code gen_ai.embeddings.dimension.count}: the vector size asked for. */
    public Builder dimensions(long count) {
      if (count <= 0) {
        throw new IllegalArgumentException("dimensions must be positive: " + count);
      }
      this.dimensions = count;
      return this;
    }

    /** {@code gen_ai.request.encoding_formats}, e.g. {@code float}, {@code base64}. */
    public Builder encodingFormats(List<String> formats) {
      this.encodingFormats = Objects.requireNonNull(formats, "formats");
      return this;
    }

    /** {@code server.address} and {@code server.port} of the model's endpoint. */
    public Builder server(String address, Integer port) {
      this.serverAddress = address;
      this.serverPort = port;
      return this;
    }

    /** The request; the model is required. */
    public EmbeddingsRequest build() {
      if (requestModel == null) {
        throw new IllegalStateException(
            "no embeddings model; set it with requestModel(...) or builder(model)");
      }
      return new EmbeddingsRequest(this);
    }
  }
}
