package dev.otelpresets.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/** Endpoint rules presets share: adding a scheme, appending the signal path, validating URLs. */
public final class Endpoints {
  /** The OTLP/HTTP traces path. */
  public static final String TRACES_PATH = "/v1/traces";

  private Endpoints() {}

  /**
   * Returns {@code url} with {@code path} appended unless its path already ends with it; a trailing
   * slash is not doubled. {@code http://h:4318} becomes {@code http://h:4318/v1/traces}.
   */
  public static String appendPathIfMissing(String url, String path) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(path, "path");
    String trimmed = stripTrailingSlash(url.trim());
    if (trimmed.endsWith(path)) {
      return trimmed;
    }
    return trimmed + path;
  }

  /** Prefixes {@code https://} when {@code hostOrUrl} has no scheme. */
  public static String withDefaultScheme(String hostOrUrl) {
    Objects.requireNonNull(hostOrUrl, "hostOrUrl");
    String t = hostOrUrl.trim();
    return t.contains("://") ? t : "https://" + t;
  }

  /**
   * {@code url} with its scheme in lower case ({@code HTTP://h} becomes {@code http://h}): schemes
   * are case-insensitive, but exporters compare them as written. Anything else is left as it is.
   */
  public static String lowerCaseScheme(String url) {
    Objects.requireNonNull(url, "url");
    int colon = url.indexOf("://");
    if (colon <= 0) {
      return url;
    }
    return url.substring(0, colon).toLowerCase(Locale.ROOT) + url.substring(colon);
  }

  /** Removes one trailing slash. */
  public static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * Checks that {@code url} is an absolute http or https URL with a host.
   *
   * @param what names the value in the error, e.g. {@code "presets.langfuse.host (LANGFUSE_HOST)"}
   * @return the parsed URI
   * @throws IllegalArgumentException saying what was wrong and what a valid value looks like
   */
  public static URI requireHttpUrl(String url, String what) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          what + ": '" + url + "' is not a valid URL (" + e.getReason()
              + "); expected something like https://host:port/path");
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
}
