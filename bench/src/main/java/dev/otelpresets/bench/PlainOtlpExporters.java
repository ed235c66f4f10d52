package dev.otelpresets.bench;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.List;

/**
 * The load test's floor ({@code bench/load.sh --scenarios plain7}): the bare OpenTelemetry SDK
 * sending the gateway's canonical spans to several plain OTLP/HTTP endpoints, one SDK {@link
 * BatchSpanProcessor} (default settings) around one {@link OtlpHttpSpanExporter} (gzip) per
 * endpoint, added to the tracer provider the gateway records with. No preset, no mapping, no
 * fan-out: what an application would write by hand to reach seven collectors.
 *
 * <p>An autoconfigure customizer, so the gateway runs unchanged: {@link GatewayLoad} puts a jar
 * holding only this class and its service file next to {@code otel-presets.jar} on {@code serve}'s
 * class path, with {@code callbacks: []} and the endpoints in {@value #ENDPOINTS_ENV} (comma
 * separated full traces URLs). Without that variable it adds nothing.
 */
public final class PlainOtlpExporters implements AutoConfigurationCustomizerProvider {
  /** The endpoints' environment variable; autoconfigure reads it as {@value #PROPERTY}. */
  public static final String ENDPOINTS_ENV = "BENCH_PLAIN_OTLP_ENDPOINTS";

  static final String PROPERTY = "bench.plain.otlp.endpoints";

  /** {@code none} to send uncompressed ({@code load.sh --compression none}); gzip otherwise. */
  public static final String COMPRESSION_ENV = "BENCH_PLAIN_OTLP_COMPRESSION";

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    customizer.addTracerProviderCustomizer(
        (builder, props) -> {
          List<String> endpoints = props.getList(PROPERTY);
          String compression =
              "none".equals(props.getString("bench.plain.otlp.compression")) ? "none" : "gzip";
          for (String endpoint : endpoints) {
            builder.addSpanProcessor(
                BatchSpanProcessor.builder(
                        OtlpHttpSpanExporter.builder()
                            .setEndpoint(endpoint)
                            .setCompression(compression)
                            .build())
                    .build());
          }
          return builder;
        });
  }
}
