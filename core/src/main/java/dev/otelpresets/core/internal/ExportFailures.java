package dev.otelpresets.core.internal;

import io.opentelemetry.exporter.internal.FailedExportException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Says in words why an export failed, for logs a user can act on. */
final class ExportFailures {
  private static final Pattern HTTP_STATUS = Pattern.compile("HTTP status code (\\d{3})\\b");

  private ExportFailures() {}

  /**
   * E.g. "401 from langfuse: credentials rejected". Only the status and our own words: never a
   * header value, never anything the server sent (its body, gRPC message or an exception's text).
   */
  static String describe(String owner, Throwable failure) {
    if (failure instanceof SizeBoundedSpanExporter.UndeliveredSpans undelivered) {
      return undelivered.describe(owner);
    }
    if (failure instanceof FailedExportException.HttpExportException http
        && http.failedWithResponse()) {
      return describeStatus(owner, http.getResponse().getStatusCode());
    }
    if (failure instanceof FailedExportException.GrpcExportException grpc
        && grpc.failedWithResponse()) {
      // an HTTP answer that is no gRPC answer (a redirect, a proxy's 401): grpc-java's description
      // starts with its status; only the number is read, nothing the server wrote
      Matcher http = HTTP_STATUS.matcher(String.valueOf(grpc.getResponse().getStatusDescription()));
      if (http.lookingAt()) {
        return describeStatus(owner, Integer.parseInt(http.group(1)));
      }
      String code = grpc.getResponse().getStatusCode().name();
      return "gRPC "
          + code
          + " from "
          + owner
          + ": "
          + switch (code) {
            case "UNAUTHENTICATED" -> "credentials rejected";
            case "PERMISSION_DENIED" -> "credentials lack permission";
            case "RESOURCE_EXHAUSTED" -> "rate limited or payload too large";
            case "UNAVAILABLE" -> "backend unavailable";
            case "UNIMPLEMENTED" -> "wrong endpoint (no OTLP trace service there)";
            case "DEADLINE_EXCEEDED" -> "backend too slow (timed out)";
            default -> "backend error";
          };
    }
    Throwable cause = failure;
    while (cause != null) {
      if (cause instanceof ConnectException) {
        return "cannot connect to " + owner + " (is the endpoint right and the backend up?)";
      }
      if (cause instanceof UnknownHostException) {
        return "unknown host for " + owner + " (check the endpoint's host name)";
      }
      if (cause instanceof java.net.SocketTimeoutException
          || cause instanceof java.net.http.HttpTimeoutException
          || cause instanceof java.io.InterruptedIOException) {
        return owner + " did not answer in time";
      }
      cause = cause.getCause();
    }
    return failure == null
        ? "export to " + owner + " failed"
        : "export to " + owner + " failed: " + failure.getClass().getSimpleName();
  }

  /** An HTTP status in words. */
  static String describeStatus(String owner, int status) {
    String words =
        switch (status) {
          case 400 -> "the backend rejected the payload";
          case 401 -> "credentials rejected";
          case 403 -> "credentials lack permission (or wrong project/space)";
          case 404 -> "wrong endpoint path";
          case 413 -> "batch too large";
          case 429 -> "rate limited";
          default ->
              status >= 500
                  ? "backend error"
                  : status >= 300 && status < 400
                      ? "redirects are not followed; set the endpoint to the"
                          + " address it redirects to (otel-presets doctor --probe shows it)"
                      : "unexpected answer";
        };
    return status + " from " + owner + ": " + words;
  }

  /** The owner's name as a person reads it (langfuse, arize, ...). */
  static String display(String ownerId) {
    return ownerId.toLowerCase(Locale.ROOT);
  }
}
