package dev.otelpresets.testkit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A plaintext OTLP/gRPC server on 127.0.0.1 that records each export: decoded by grpc-java's
 * protobuf marshaller on arrival, or, with a {@link Deferral}, taken as raw message bytes (after
 * grpc-java undid {@code grpc-encoding}) and parsed with the same protobuf messages when the
 * deferral is decoded.
 */
final class GrpcExportServer implements AutoCloseable {

  /** The request metadata, handed from the interceptor to the service method. */
  private static final Context.Key<Map<String, List<String>>> METADATA =
      Context.key("otlp-receiver-metadata");

  private final Recording recording;
  private final Supplier<ResponseBehaviour> behaviour;

  /** Null: decode on arrival. */
  private final Deferral deferral;

  private final ExecutorService executor;
  private final Server server;

  private GrpcExportServer(
      String name, Recording recording, Supplier<ResponseBehaviour> behaviour, Deferral deferral)
      throws IOException {
    this.recording = recording;
    this.behaviour = behaviour;
    this.deferral = deferral;
    // its own pool, so delayed gRPC answers never starve the HTTP side
    this.executor =
        Executors.newFixedThreadPool(
            OtlpReceiver.SERVER_THREADS, OtlpReceiver.daemonThreads(name + "-grpc"));
    ServerInterceptor captureMetadata = new MetadataInterceptor();
    List<ServerServiceDefinition> services =
        deferral == null
            ? List.of(
                exportService(
                    TraceServiceGrpc.getServiceDescriptor(), TraceServiceGrpc.getExportMethod()),
                exportService(
                    MetricsServiceGrpc.getServiceDescriptor(),
                    MetricsServiceGrpc.getExportMethod()),
                exportService(
                    LogsServiceGrpc.getServiceDescriptor(), LogsServiceGrpc.getExportMethod()))
            : List.of(
                deferredService(TraceServiceGrpc.getExportMethod(), OtlpSignal.TRACES),
                deferredService(MetricsServiceGrpc.getExportMethod(), OtlpSignal.METRICS),
                deferredService(LogsServiceGrpc.getExportMethod(), OtlpSignal.LOGS));
    // plaintext Netty serves HTTP/2 with prior knowledge, which is what OkHttp's gRPC sender
    // speaks;
    // the default decompressor registry already handles grpc-encoding: gzip
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).executor(executor);
    services.forEach(
        service -> builder.addService(ServerInterceptors.intercept(service, captureMetadata)));
    try {
      this.server = builder.build().start();
    } catch (IOException | RuntimeException e) {
      executor.shutdownNow();
      throw e;
    }
  }

  static GrpcExportServer start(
      String name, Recording recording, Supplier<ResponseBehaviour> behaviour) throws IOException {
    return start(name, recording, behaviour, null);
  }

  /** As {@link #start(String, Recording, Supplier)}, holding exports in {@code deferral}. */
  static GrpcExportServer start(
      String name, Recording recording, Supplier<ResponseBehaviour> behaviour, Deferral deferral)
      throws IOException {
    return new GrpcExportServer(
        Objects.requireNonNull(name, "name"),
        Objects.requireNonNull(recording, "recording"),
        Objects.requireNonNull(behaviour, "behaviour"),
        deferral);
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      executor.shutdownNow();
    }
  }

  /** Each OTLP service has exactly one method, Export, so one generic definition fits all three. */
  private <ReqT extends Message, RespT extends Message> ServerServiceDefinition exportService(
      ServiceDescriptor service, MethodDescriptor<ReqT, RespT> exportMethod) {
    return ServerServiceDefinition.builder(service)
        .addMethod(
            exportMethod,
            ServerCalls.asyncUnaryCall(
                (request, responseObserver) -> export(exportMethod, request, responseObserver)))
        .build();
  }

  /**
   * The same Export method, with message bytes in and out instead of protobuf messages: nothing is
   * parsed on arrival. The empty response bytes are a valid empty Export*ServiceResponse.
   */
  private ServerServiceDefinition deferredService(
      MethodDescriptor<?, ?> exportMethod, OtlpSignal signal) {
    MethodDescriptor<byte[], byte[]> raw = exportMethod.toBuilder(RAW, RAW).build();
    return ServerServiceDefinition.builder(exportMethod.getServiceName())
        .addMethod(
            raw,
            ServerCalls.asyncUnaryCall(
                (request, responseObserver) ->
                    exportDeferred(raw, signal, request, responseObserver)))
        .build();
  }

  private void exportDeferred(
      MethodDescriptor<byte[], byte[]> method,
      OtlpSignal signal,
      byte[] request,
      StreamObserver<byte[]> responseObserver) {
    ResponseBehaviour current = behaviour.get();
    String fullMethodName = method.getFullMethodName();
    Map<String, List<String>> metadata = METADATA.get();
    int status = current.httpStatus();
    deferral.hold(
        () -> {
          Message decoded;
          try {
            decoded = signal.newRequestBuilder().mergeFrom(request).build();
          } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new Deferral.DecodeFailure(
                ReceivedRequest.grpcUndecoded(fullMethodName, metadata, status, request),
                "cannot decode message: " + e.getMessage());
          }
          return ReceivedRequest.grpc(fullMethodName, metadata, status, decoded);
        });
    respond(current, metadata, responseObserver, new byte[0]);
  }

  private <ReqT extends Message, RespT extends Message> void export(
      MethodDescriptor<ReqT, RespT> method, ReqT request, StreamObserver<RespT> responseObserver) {
    ResponseBehaviour current = behaviour.get();
    Map<String, List<String>> metadata = METADATA.get();
    recording.add(
        ReceivedRequest.grpc(method.getFullMethodName(), metadata, current.httpStatus(), request));
    respond(current, metadata, responseObserver, emptyResponse(method));
  }

  /** Answers as {@code current} says: {@code emptyResponse}, or the configured error. */
  private static <RespT> void respond(
      ResponseBehaviour current,
      Map<String, List<String>> metadata,
      StreamObserver<RespT> responseObserver,
      RespT emptyResponse) {
    try {
      current.awaitDelay();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      responseObserver.onError(Status.CANCELLED.withDescription("receiver closing").asException());
      return;
    }
    if (current.accepts()) {
      responseObserver.onNext(emptyResponse);
      responseObserver.onCompleted();
    } else {
      Metadata trailers = new Metadata();
      current
          .headers()
          .forEach(
              (name, value) ->
                  trailers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
      String text = current.rejectionText(metadata);
      responseObserver.onError(
          GrpcStatuses.forHttpStatus(current.httpStatus())
              .withDescription(
                  text != null
                      ? text
                      : "otel-presets testkit receiver configured to answer "
                          + current.httpStatus())
              .asRuntimeException(trailers));
    }
  }

  /** Every OTLP Export response is valid when empty, and empty bytes parse to exactly that. */
  private static <RespT> RespT emptyResponse(MethodDescriptor<?, RespT> method) {
    return method.parseResponse(new ByteArrayInputStream(new byte[0]));
  }

  /** Message bytes as they are, for deferred decoding. */
  private static final MethodDescriptor.Marshaller<byte[]> RAW =
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
                .withDescription("cannot read message")
                .withCause(e)
                .asRuntimeException();
          }
        }
      };

  /** Copies the request metadata into the call's {@link Context}. */
  private static final class MetadataInterceptor implements ServerInterceptor {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
        ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
      Context context = Context.current().withValue(METADATA, toMap(headers));
      return Contexts.interceptCall(context, call, headers, next);
    }

    private static Map<String, List<String>> toMap(Metadata metadata) {
      Map<String, List<String>> map = new LinkedHashMap<>();
      for (String name : metadata.keys()) {
        List<String> values = new ArrayList<>();
        if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
          for (byte[] value :
              metadata.getAll(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER))) {
            values.add(Base64.getEncoder().encodeToString(value));
          }
        } else {
          metadata
              .getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER))
              .forEach(values::add);
        }
        map.put(name, values);
      }
      return map;
    }
  }
}
