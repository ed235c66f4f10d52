package dev.otelpresets.support.internal;

import dev.otelpresets.spi.ExporterSpec;
import java.net.URI;
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

  /**
   * Completes {@code url} to the OTLP/HTTP traces URL {@code {base}{prefix}/v1/traces}, giving the
   * same URL whichever form it is handed: the base ({@code https://h}, {@code https://h/}), the
   * base with the backend's path prefix ({@code https://h/otel}, {@code https://h/otel/}), that with
   * {@code /v1}, or the full traces URL. Completing a completed URL changes nothing. Any other path
   * is a base too (a self-hosted instance behind a proxy): {@code https://h/proxy} becomes {@code
   * https://h/proxy/otel/v1/traces}. A query is kept, a fragment dropped.
   *
   * @param url an absolute http(s) URL
   * @param prefix the backend's path before {@code /v1/traces}: {@code ""} or e.g. {@code "/otel"}
   * @param what names the value in the error, e.g. {@code "presets.weave.host (WANDB_HOST)"}
   * @throws IllegalArgumentException if {@code url} is not an absolute http(s) URL with a host
   */
  public static String tracesUrl(String url, String prefix, String what) {
    return complete(url, prefix, false, what);
  }

  /**
   * Like {@link #tracesUrl(String, String, String) tracesUrl(url, "", what)} for backends that hand
   * out full collector URLs: a URL without a path, ending in {@code /v1} or in {@code /v1/traces}
   * is completed the same way, any other path is used as given.
   *
   * @throws IllegalArgumentException if {@code url} is not an absolute http(s) URL with a host
   */
  public static String tracesUrlOrAsGiven(String url, String what) {
    return complete(url, "", true, what);
  }

  private static String complete(String url, String prefix, boolean keepOtherPaths, String what) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(what, "what");
    if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
      throw new IllegalArgumentException(
          "prefix '" + prefix + "' must be empty or start, and" + " not end, with '/'");
    }
    URI uri = requireHttpUrl(url, what);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    path = path.substring(0, end);
    String full = prefix + TRACES_PATH;
    String completed;
    if (path.endsWith(full)) {
      completed = path;
    } else if (path.endsWith(prefix + "/v1")) {
      completed = path + "/traces";
    } else if (!prefix.isEmpty() && path.endsWith(prefix)) {
      completed = path + TRACES_PATH;
    } else if (path.isEmpty() || !keepOtherPaths) {
      completed = path + full;
    } else {
      completed = path;
    }
    // the path is matched as a path, so a host named like the prefix (https://otel) is no match
    return uri.getScheme()
        + "://"
        + uri.getRawAuthority()
        + completed
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  /** Prefixes {@code https://} when {@code hostOrUrl} has no scheme. */
  public static String withDefaultScheme(String hostOrUrl) {
    Objects.requireNonNull(hostOrUrl, "hostOrUrl");
    String t = hostOrUrl.trim();
    return t.contains("://") ? t : "https://" + t;
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
    String shown = url.replaceFirst(USER_INFO, "$1<hidden>@");
    if (!shown.equals(url)) {
      // no exporter (nor the gateway's upstream client) sends them, and doctor and every error
      // print the endpoint: refused before any message could quote them
      throw new IllegalArgumentException(
          what
              + ": the URL carries credentials before '@' ("
              + shown
              + "), which are never sent; remove them and set the backend's credential"
              + " settings or a header instead");
    }
    return ExporterSpec.requireHttpUrl(url, what);
  }

  /** A scheme, then anything before an '@' that comes ahead of the path, query or fragment. */
  private static final String USER_INFO = "^(\\s*[^:/?#\\s]*://)[^/?#]*@";
}
