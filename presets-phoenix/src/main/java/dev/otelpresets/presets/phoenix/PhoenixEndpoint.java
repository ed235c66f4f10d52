package dev.otelpresets.presets.phoenix;

import dev.otelpresets.spi.ExporterProtocol;
import dev.otelpresets.support.internal.Endpoints;
import java.net.URI;
import java.util.Locale;

/**
 * Phoenix's collector URL rules: OTLP/HTTP by default with {@code /v1/traces} appended to a base
 * URL; gRPC only for a {@code grpc://} URL (sent as {@code http://}, port 4317 when none is given)
 * or any URL on port 4317 (then the base URL, path dropped).
 *
 * @param protocol the transport
 * @param endpoint the full traces URL (HTTP) or base URL (gRPC)
 */
record PhoenixEndpoint(ExporterProtocol protocol, String endpoint) {
  static final int GRPC_PORT = 4317;
  private static final String GRPC_SCHEME = "grpc://";

  /**
   * Resolves {@code url}.
   *
   * @param what names the setting in errors
   * @throws IllegalArgumentException when the URL is not usable
   */
  static PhoenixEndpoint resolve(String url, String what) {
    String u = url.trim();
    if (u.toLowerCase(Locale.ROOT).startsWith(GRPC_SCHEME)) {
      URI uri = Endpoints.requireHttpUrl("http://" + u.substring(GRPC_SCHEME.length()), what);
      int port = uri.getPort() == -1 ? GRPC_PORT : uri.getPort();
      return new PhoenixEndpoint(ExporterProtocol.GRPC, "http://" + uri.getHost() + ":" + port);
    }
    String withScheme = Endpoints.withDefaultScheme(u);
    URI uri = Endpoints.requireHttpUrl(withScheme, what);
    if (uri.getPort() == GRPC_PORT) {
      return new PhoenixEndpoint(
          ExporterProtocol.GRPC, uri.getScheme() + "://" + uri.getHost() + ":" + GRPC_PORT);
    }
    return new PhoenixEndpoint(
        ExporterProtocol.HTTP_PROTOBUF, Endpoints.tracesUrl(withScheme, "", what));
  }

  /** Whether the URL is Phoenix Cloud ({@code app.phoenix.arize.com} and its subdomains). */
  boolean isPhoenixCloud() {
    String host = URI.create(endpoint).getHost();
    return host != null
        && (host.equalsIgnoreCase("app.phoenix.arize.com")
            || host.toLowerCase(Locale.ROOT).endsWith(".phoenix.arize.com"));
  }
}
