package dev.otelpresets.testkit;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.util.Optional;

/** The three OTLP signals, each with its request and (empty) response message. */
enum OtlpSignal {
  TRACES(
      "/v1/traces",
      ExportTraceServiceRequest.getDefaultInstance(),
      ExportTraceServiceResponse.getDefaultInstance()),
  METRICS(
      "/v1/metrics",
      ExportMetricsServiceRequest.getDefaultInstance(),
      ExportMetricsServiceResponse.getDefaultInstance()),
  LOGS(
      "/v1/logs",
      ExportLogsServiceRequest.getDefaultInstance(),
      ExportLogsServiceResponse.getDefaultInstance());

  private final String pathSuffix;
  private final Message requestPrototype;
  private final Message emptyResponse;

  OtlpSignal(String pathSuffix, Message requestPrototype, Message emptyResponse) {
    this.pathSuffix = pathSuffix;
    this.requestPrototype = requestPrototype;
    this.emptyResponse = emptyResponse;
  }

  /**
   * Picks the signal by path suffix only: backends mount OTLP under their own prefixes, such as
   * {@code /api/public/otel/v1/traces}.
   */
  static Optional<OtlpSignal> forPath(String path) {
    for (OtlpSignal signal : values()) {
      if (path.endsWith(signal.pathSuffix)) {
        return Optional.of(signal);
      }
    }
    return Optional.empty();
  }

  Message.Builder newRequestBuilder() {
    return requestPrototype.newBuilderForType();
  }

  Message emptyResponse() {
    return emptyResponse;
  }
}
