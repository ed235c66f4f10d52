package dev.otelpresets.core.internal;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The OTLP/gRPC sender of this framework: grpc-java over its own OkHttp-derived transport
 * ({@code grpc-okhttp}, not the OkHttp library). grpc-java treats any HTTP status but 200 as a
 * failed call ({@code HTTP status code 307}, say) and never follows a redirect, so credentials in
 * the metadata reach only the configured endpoint. Retries follow the exporter's {@link
 * RetryPolicy} through grpc-java's own retry support, for the codes OTLP calls retryable.
 *
 * <p>Registered for {@code ServiceLoader} too, so exporters built by other code on this class path
 * (an application's own {@code AutoConfiguredOpenTelemetrySdk}) find a gRPC sender.
 */
public final class GrpcChannelSenderProvider implements GrpcSenderProvider {
  /** OTLP's retryable codes (RESOURCE_EXHAUSTED only with RetryInfo, which we do not parse). */
  private static final List<String> RETRYABLE =
      List.of(
          "CANCELLED", "DEADLINE_EXCEEDED", "ABORTED", "OUT_OF_RANGE", "UNAVAILABLE", "DATA_LOSS");

  @Override
  public GrpcSender createSender(GrpcSenderConfig config) {
    return new Sender(config);
  }

  private static final class Sender implements GrpcSender {
    private final ManagedChannel channel;
    private final MethodDescriptor<byte[], byte[]> method;
    private final Supplier<Map<String, List<String>>> headers;
    private final Duration timeout;
    private final String compression;

    Sender(GrpcSenderConfig config) {
      URI endpoint = config.getEndpoint();
      boolean tls = "https".equalsIgnoreCase(endpoint.getScheme());
      int port = endpoint.getPort() > 0 ? endpoint.getPort() : tls ? 443 : 80;
      OkHttpChannelBuilder b = OkHttpChannelBuilder.forAddress(endpoint.getHost(), port);
      if (tls) {
        b.useTransportSecurity();
        if (config.getSslContext() != null) {
          b.sslSocketFactory(config.getSslContext().getSocketFactory());
        }
      } else {
        b.usePlaintext();
      }
      if (config.getExecutorService() != null) {
        b.executor(config.getExecutorService());
      }
      long maxResponse = config.getMaxResponseBodySize();
      if (maxResponse > 0) {
        b.maxInboundMessageSize((int) Math.min(maxResponse, Integer.MAX_VALUE));
      }
      String fullMethod = config.getFullMethodName();
      RetryPolicy retry = config.getRetryPolicy();
      if (retry != null && retry.getMaxAttempts() > 1) {
        b.defaultServiceConfig(serviceConfig(fullMethod, retry)).enableRetry();
      } else {
        b.disableRetry();
      }
      this.channel = b.build();
      this.method =
          MethodDescriptor.<byte[], byte[]>newBuilder()
              .setType(MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(fullMethod)
              .setRequestMarshaller(BYTES)
              .setResponseMarshaller(BYTES)
              .build();
      this.headers = config.getHeadersSupplier();
      this.timeout = config.getTimeout();
      this.compression =
          config.getCompressor() == null ? null : config.getCompressor().getEncoding();
    }

    /** grpc-java's service config for one method's retries (numbers as doubles, as it wants). */
    private static Map<String, Object> serviceConfig(String fullMethod, RetryPolicy retry) {
      int slash = fullMethod.lastIndexOf('/');
      Map<String, Object> name =
          Map.of(
              "service", fullMethod.substring(0, slash), "method", fullMethod.substring(slash + 1));
      Map<String, Object> policy =
          Map.of(
              "maxAttempts", (double) retry.getMaxAttempts(),
              "initialBackoff", seconds(retry.getInitialBackoff()),
              "maxBackoff", seconds(retry.getMaxBackoff()),
              "backoffMultiplier", retry.getBackoffMultiplier(),
              "retryableStatusCodes", RETRYABLE);
      return Map.of("methodConfig", List.of(Map.of("name", List.of(name), "retryPolicy", policy)));
    }

    private static String seconds(Duration d) {
      return String.format(Locale.ROOT, "%.3fs", d.toMillis() / 1000.0);
    }

    @Override
    public void send(
        MessageWriter writer, Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
      byte[] request;
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream(writer.getContentLength());
        writer.writeMessage(out);
        request = out.toByteArray();
      } catch (IOException | RuntimeException e) {
        onError.accept(e);
        return;
      }
      Metadata metadata = new Metadata();
      Map<String, List<String>> current = headers == null ? null : headers.get();
      if (current != null) {
        current.forEach(
            (key, values) ->
                values.forEach(
                    value ->
                        metadata.put(
                            Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value)));
      }
      CallOptions options =
          CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if ("gzip".equals(compression)) {
        options = options.withCompression("gzip");
      }
      try {
        ClientCall<byte[], byte[]> call = channel.newCall(method, options);
        call.start(new Listener(onResponse, onError), metadata);
        call.request(1);
        call.sendMessage(request);
        call.halfClose();
      } catch (RuntimeException e) {
        onError.accept(e);
      }
    }

    @Override
    public CompletableResultCode shutdown() {
      channel.shutdownNow();
      return CompletableResultCode.ofSuccess();
    }
  }

  /** One call's answer: the message, or the status the server (or the transport) closed with. */
  private static final class Listener extends ClientCall.Listener<byte[]> {
    private final Consumer<GrpcResponse> onResponse;
    private final Consumer<Throwable> onError;
    private volatile byte[] message = new byte[0];

    Listener(Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
      this.onResponse = onResponse;
      this.onError = onError;
    }

    @Override
    public void onMessage(byte[] received) {
      message = received;
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      if (status.getCause() != null && !status.isOk()) {
        // no answer from a server (refused, unknown host, reset): a failure to execute the
        // request, whose cause says why
        onError.accept(status.asException());
        return;
      }
      onResponse.accept(
          new Response(
              GrpcStatusCode.fromValue(status.getCode().value()),
              status.getDescription(),
              message));
    }
  }

  private record Response(GrpcStatusCode statusCode, String statusDescription, byte[] message)
      implements GrpcResponse {
    @Override
    public GrpcStatusCode getStatusCode() {
      return statusCode;
    }

    @Override
    public String getStatusDescription() {
      return statusDescription;
    }

    @Override
    public byte[] getResponseMessage() {
      return message;
    }
  }

  /** Message bytes as they are: OTel's marshalers wrote the protobuf already. */
  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw Status.INTERNAL
                .withDescription("cannot read the response")
                .withCause(e)
                .asRuntimeException();
          }
        }
      };
}
