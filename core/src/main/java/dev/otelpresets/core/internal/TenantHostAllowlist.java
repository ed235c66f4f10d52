package dev.otelpresets.core.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Where a tenant's exporter may send: to the operator's own endpoint (same scheme, host and port),
 * or to a server on {@code tenants.allowed_hosts}. The scheme must be http or https; an entry
 * {@code host:port} allows exactly that port, a bare {@code host} only the default port of the
 * endpoint's scheme (443 for https, 80 for http). A URL with user info is never allowed
 * ({@code https://allowed.example.com@elsewhere} names {@code elsewhere}).
 */
public final class TenantHostAllowlist {
  private final Set<String> entries;

  /**
   * @param entries lower-case {@code host} or {@code host:port} entries, an IPv6 address in
   *     brackets, as {@code tenants.allowed_hosts} validated them
   */
  public TenantHostAllowlist(Set<String> entries) {
    Objects.requireNonNull(entries, "entries");
    this.entries =
        entries.stream()
            .map(e -> e.toLowerCase(Locale.ROOT))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** Whether a tenant may use {@code endpoint} when the operator's is {@code staticEndpoint}. */
  public boolean allows(String staticEndpoint, String endpoint) {
    Server server = Server.of(endpoint);
    if (server == null || server.userInfo()) {
      return false;
    }
    if (server.equals(Server.of(staticEndpoint))) {
      return true;
    }
    return entries.contains(server.hostPort())
        || (server.port() == defaultPort(server.scheme()) && entries.contains(server.host()));
  }

  /** {@code host:port} of an endpoint, as an entry would allow it; for messages. */
  public static String hostPort(String endpoint) {
    Server server = Server.of(endpoint);
    return server == null ? "(not an http or https URL)" : server.hostPort();
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  /**
   * An http(s) endpoint's scheme, host and port, lower case, the default port made explicit, and
   * whether it carries user info.
   */
  private record Server(String scheme, String host, int port, boolean userInfo) {
    static Server of(String url) {
      URI u;
      try {
        u = URI.create(url);
      } catch (IllegalArgumentException | NullPointerException e) {
        return null;
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        return null;
      }
      int port = u.getPort() == -1 ? defaultPort(scheme) : u.getPort();
      return new Server(
          scheme, u.getHost().toLowerCase(Locale.ROOT), port, u.getRawUserInfo() != null);
    }

    String hostPort() {
      return host + ":" + port;
    }
  }
}
