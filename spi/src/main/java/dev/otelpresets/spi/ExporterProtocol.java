package dev.otelpresets.spi;

import java.util.Locale;
import java.util.Objects;

/** The OTLP transport of an exporter, with the names the {@code OTEL_EXPORTER_OTLP_PROTOCOL} uses.
 * @since 0.1 */
public enum ExporterProtocol {
  /** OTLP over HTTP with protobuf bodies; endpoints are full URLs ending in the signal path. */
  HTTP_PROTOBUF("http/protobuf"),
  /** OTLP over gRPC; endpoints are base URLs (scheme, host, port). */
  GRPC("grpc");

  private final String wireName;

  ExporterProtocol(String wireName) {
    this.wireName = wireName;
  }

  /** The name as written in {@code OTEL_EXPORTER_OTLP_PROTOCOL}, e.g. {@code http/protobuf}. */
  public String wireName() {
    return wireName;
  }

  /** Parses {@code http/protobuf} or {@code grpc}.
   * @throws IllegalArgumentException naming the valid values */
  public static ExporterProtocol fromWireName(String name) {
    Objects.requireNonNull(name, "name");
    String normalized = name.trim().toLowerCase(Locale.ROOT);
    for (ExporterProtocol p : values()) {
      if (p.wireName.equals(normalized)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown OTLP protocol '" + name + "': use 'http/protobuf' or 'grpc'");
  }

  @Override
  public String toString() {
    return wireName;
  }
}
