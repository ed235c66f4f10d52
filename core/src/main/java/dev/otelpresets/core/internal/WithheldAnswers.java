package dev.otelpresets.core.internal;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Senders whose exporters never see what a backend wrote when it refused an export: a failed
 * answer reaches the exporter with its status and none of the server's words (no body, no status
 * message or gRPC description of the server's), and a failed send as an exception of the same kind
 * without the original's message (which can quote the server's bytes, e.g. an invalid status
 * line). The SDK's exporters log what they get: a backend that echoes the request would otherwise
 * put the credentials in the log, wherever the log goes (inside the Java agent, where the agent
 * owns the logging, no log filter of ours can catch it). Successful answers pass unchanged.
 */
final class WithheldAnswers {
  /** What an exporter gets instead of the server's words. */
  static final String WITHHELD = "[response withheld by otel-presets]";

  // how grpc-java describes an HTTP answer that is no gRPC answer: only the number is kept
  private static final Pattern HTTP_STATUS = Pattern.compile("HTTP status code \\d{3}\\b");

  private WithheldAnswers() {}

  /** {@code sender} with failed answers withheld. */
  static HttpSender http(HttpSender sender) {
    Objects.requireNonNull(sender, "sender");
    return new HttpSender() {
      @Override
      public void send(
          MessageWriter message, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
        sender.send(message, r -> onResponse.accept(withheld(r)), e -> onError.accept(withheld(e)));
      }

      @Override
      public CompletableResultCode shutdown() {
        return sender.shutdown();
      }

      @Override
      public String toString() {
        return "WithheldAnswers{" + sender.getClass().getSimpleName() + "}";
      }
    };
  }

  /** {@code sender} with failed answers withheld. */
  static GrpcSender grpc(GrpcSender sender) {
    Objects.requireNonNull(sender, "sender");
    return new GrpcSender() {
      @Override
      public void send(
          MessageWriter message, Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
        sender.send(message, r -> onResponse.accept(withheld(r)), e -> onError.accept(withheld(e)));
      }

      @Override
      public CompletableResultCode shutdown() {
        return sender.shutdown();
      }

      @Override
      public String toString() {
        return "WithheldAnswers{" + sender.getClass().getSimpleName() + "}";
      }
    };
  }

  /** A 2xx answer as it is; any other with its status only. */
  static HttpResponse withheld(HttpResponse response) {
    int status = response.getStatusCode();
    if (status >= 200 && status < 300) {
      return response;
    }
    return new HttpResponse() {
      @Override
      public int getStatusCode() {
        return status;
      }

      @Override
      public String getStatusMessage() {
        return WITHHELD;
      }

      @Override
      public byte[] getResponseBody() {
        return new byte[0];
      }
    };
  }

  /**
   * An OK answer as it is; any other with its status, its description reduced to the HTTP status
   * it names (an HTTP answer that is no gRPC answer, such as a redirect or a proxy's 401), if any.
   */
  static GrpcResponse withheld(GrpcResponse response) {
    GrpcStatusCode code = response.getStatusCode();
    if (code == GrpcStatusCode.OK) {
      return response;
    }
    Matcher http = HTTP_STATUS.matcher(String.valueOf(response.getStatusDescription()));
    String description = http.lookingAt() ? http.group() + " " + WITHHELD : WITHHELD;
    return new GrpcResponse() {
      @Override
      public GrpcStatusCode getStatusCode() {
        return code;
      }

      @Override
      public String getStatusDescription() {
        return description;
      }

      @Override
      public byte[] getResponseMessage() {
        return new byte[0];
      }
    };
  }

  /**
   * An exception of {@code failure}'s kind, as {@link ExportFailures} tells them apart, without
   * its message and causes. TLS failures pass as they are: the JDK writes their message, and it is
   * what a user needs to fix a certificate.
   */
  static Throwable withheld(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return t;
      }
      String m = t.getClass().getSimpleName() + " " + WITHHELD;
      if (t instanceof ConnectException) {
        return new ConnectException(m);
      }
      if (t instanceof UnknownHostException) {
        return new UnknownHostException(m);
      }
      if (t instanceof SocketTimeoutException) {
        return new SocketTimeoutException(m);
      }
      if (t instanceof HttpTimeoutException) {
        return new HttpTimeoutException(m);
      }
      if (t instanceof InterruptedIOException) {
        return new InterruptedIOException(m);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return new IOException(
        (failure == null ? "export failed" : failure.getClass().getSimpleName()) + " " + WITHHELD);
  }
}
