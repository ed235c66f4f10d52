package dev.otelpresets.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One span exporter a preset contributes: owner, protocol, endpoint, static headers, compression,
 * timeout and optionally a {@link CustomExporterFactory}. Immutable; see {@link #builder} and
 * {@link #toBuilder()}. Secret header values are redacted in {@link #toString()}.
 * @since 0.1
 */
public final class ExporterSpec {
  /** Used in {@link #toString()} and by tools in place of secret values.
   * @since 0.1 */
  public static final String REDACTED = "<redacted>";

  private final ExporterOwner owner;
  private final ExporterProtocol protocol;
  private final String endpoint;
  private final Map<String, String> headers;
  private final Set<String> secretHeaders;
  private final String compression;
  private final Duration timeout;
  private final @Nullable CustomExporterFactory customFactory;

  private ExporterSpec(Builder b) {
    this.owner = b.owner;
    this.protocol = b.protocol;
    this.endpoint = b.endpoint;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.secretHeaders = Collections.unmodifiableSet(new LinkedHashSet<>(b.secretHeaders));
    this.compression = b.compression;
    this.timeout = b.timeout;
    this.customFactory = b.customFactory;
  }

  /** A builder for an exporter owned by {@code owner}; defaults: http/protobuf, gzip, 10 s.
   * @since 0.1 */
  public static Builder builder(ExporterOwner owner) {
    return new Builder(Objects.requireNonNull(owner, "owner"));
  }

  /** A builder holding this spec's values, for a variant (a tenant's headers, say).
   * @since 0.1 */
  public Builder toBuilder() {
    Builder b = new Builder(owner);
    b.protocol = protocol;
    b.endpoint = endpoint;
    b.headers.putAll(headers);
    b.secretHeaders.addAll(secretHeaders);
    b.compression = compression;
    b.timeout = timeout;
    b.customFactory = customFactory;
    return b;
  }

  /** @since 0.1 */
  public ExporterOwner owner() {
    return owner;
  }

  /** @since 0.1 */
  public ExporterProtocol protocol() {
    return protocol;
  }

  /** The endpoint: for http/protobuf the full URL including the signal path (e.g. {@code
   * https://cloud.langfuse.com/api/public/otel/v1/traces}); for gRPC the base URL.
   * @since 0.1 */
  public String endpoint() {
    return endpoint;
  }

  /** Static headers, secret values included: only for handing to the transport.
   * @since 0.1 */
  public Map<String, String> headers() {
    return headers;
  }

  /** Names of the headers whose values are secret (compared case-insensitively).
   * @since 0.1 */
  public Set<String> secretHeaders() {
    return secretHeaders;
  }

  /** Whether the header's value is secret.
   * @since 0.1 */
  public boolean isSecretHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String s : secretHeaders) {
      if (s.toLowerCase(Locale.ROOT).equals(lower)) {
        return true;
      }
    }
    return false;
  }

  /** Headers with every secret value replaced by {@link #REDACTED}, for display.
   * @since 0.1 */
  public Map<String, String> redactedHeaders() {
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((k, v) -> out.put(k, isSecretHeader(k) ? REDACTED : v));
    return Collections.unmodifiableMap(out);
  }

  /** {@code gzip} or {@code none}.
   * @since 0.1 */
  public String compression() {
    return compression;
  }

  /** @since 0.1 */
  public Duration timeout() {
    return timeout;
  }

  /** The preset's own exporter factory, when plain OTLP is not enough.
   * @since 0.1 */
  public Optional<CustomExporterFactory> customFactory() {
    return Optional.ofNullable(customFactory);
  }

  /** How to fix a value {@link #headerValueProblem} refuses, said after the problem.
   * @since 0.1 */
  public static final String HEADER_VALUE_FIX =
      "a header value must be printable ASCII on one"
          + " line: set it again without that character (the value is not shown)";

  /** What makes {@code value} unusable as a header value ({@code contains a line break}, a control
   * character or a non-ASCII character), or empty when it is fine: the one check every value that
   * may travel in an HTTP header or gRPC metadata passes. Checks the value as given.
   * @since 0.1 */
  public static Optional<String> headerValueProblem(String value) {
    Objects.requireNonNull(value, "value");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n') {
        return Optional.of("contains a line break");
      }
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        return Optional.of("contains a control character");
      }
      if (c > 0x7e) {
        return Optional.of("contains a non-ASCII character");
      }
    }
    return Optional.empty();
  }

  /** {@code url} parsed, if it is an absolute http(s) URL with a host (as an endpoint must be).
   * @param what names the value in the error, e.g. {@code "presets.langfuse.host (LANGFUSE_HOST)"}
   * @throws IllegalArgumentException saying what was wrong and what a valid value looks like
   * @since 0.1 */
  public static URI requireHttpUrl(String url, String what) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          String.format(
              "%s: '%s' is not a valid URL (%s); expected something like https://host:port/path",
              what, url, e.getReason()));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          what + ": '" + url + "' must start with http:// or https://");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(what + ": '" + url + "' has no host");
    }
    return uri;
  }

  /** The scheme in lower case: schemes are case-insensitive, exporters compare them as written. */
  private static String lowerCaseScheme(String url) {
    int colon = url.indexOf("://");
    return colon <= 0
        ? url
        : url.substring(0, colon).toLowerCase(Locale.ROOT) + url.substring(colon);
  }

  @Override
  public String toString() {
    String custom = customFactory != null ? ", custom exporter" : "";
    return String.format(
        "ExporterSpec{owner=%s, protocol=%s, endpoint=%s, headers=%s, compression=%s,"
            + " timeout=%s%s}",
        owner, protocol, endpoint, redactedHeaders(), compression, timeout, custom);
  }

  /** Builder for {@link ExporterSpec}.
   * @since 0.1 */
  public static final class Builder {
    private final ExporterOwner owner;
    private ExporterProtocol protocol = ExporterProtocol.HTTP_PROTOBUF;
    private @Nullable String endpoint;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Set<String> secretHeaders = new LinkedHashSet<>();
    private String compression = "gzip";
    private Duration timeout = Duration.ofSeconds(10);
    private @Nullable CustomExporterFactory customFactory;

    private Builder(ExporterOwner owner) {
      this.owner = owner;
    }

    /** @since 0.1 */
    public Builder protocol(ExporterProtocol protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      return this;
    }

    /** Required. An absolute {@code http} or {@code https} URL; surrounding whitespace is removed
     * and the scheme's case does not matter ({@code HTTP://} becomes {@code http://}).
     * @since 0.1 */
    public Builder endpoint(String endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      this.endpoint = lowerCaseScheme(endpoint.trim());
      return this;
    }

    /** Adds a header whose value may be shown in diagnostics. Surrounding whitespace is removed.
     * @throws IllegalArgumentException when the value cannot be a header value (see {@link
     *     #headerValueProblem}); the message names the header, never the value
     * @since 0.1 */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), checked(name, value));
      secretHeaders.remove(name);
      return this;
    }

    /** Adds a header whose value is never shown (an API key, a token, basic auth). Surrounding
     * whitespace is removed.
     * @throws IllegalArgumentException when the value cannot be a header value (see {@link
     *     #headerValueProblem}); the message names the header, never the value
     * @since 0.1 */
    public Builder secretHeader(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), checked(name, value));
      secretHeaders.add(name);
      return this;
    }

    private String checked(String name, String value) {
      String trimmed = Objects.requireNonNull(value, "value").trim();
      Optional<String> problem = headerValueProblem(trimmed);
      if (problem.isPresent()) {
        throw new IllegalArgumentException(
            String.format(
                "the value of header '%s' of exporter '%s' %s; %s",
                name, owner, problem.get(), HEADER_VALUE_FIX));
      }
      return trimmed;
    }

    /** Removes a header (static or secret).
     * @since 0.1 */
    public Builder removeHeader(String name) {
      headers.remove(Objects.requireNonNull(name, "name"));
      secretHeaders.remove(name);
      return this;
    }

    /** {@code gzip} (default) or {@code none}.
     * @since 0.1 */
    public Builder compression(String compression) {
      Objects.requireNonNull(compression, "compression");
      if (!compression.equals("gzip") && !compression.equals("none")) {
        throw new IllegalArgumentException(
            "unknown compression '" + compression + "': use 'gzip' or 'none'");
      }
      this.compression = compression;
      return this;
    }

    /** @since 0.1 */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Uses the preset's own exporter instead of the standard OTLP one; null restores the standard.
     * @since 0.1 */
    public Builder customFactory(@Nullable CustomExporterFactory factory) {
      this.customFactory = factory;
      return this;
    }

    /** Builds the spec.
     * @throws IllegalStateException if the endpoint is missing
     * @throws IllegalArgumentException if the endpoint is not an absolute http(s) URL
     * @since 0.1 */
    public ExporterSpec build() {
      if (endpoint == null) {
        throw new IllegalStateException("ExporterSpec for '" + owner + "' needs an endpoint");
      }
      requireHttpUrl(endpoint, "endpoint of exporter '" + owner + "'");
      return new ExporterSpec(this);
    }
  }
}
