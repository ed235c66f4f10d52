package dev.otelpresets.core.internal;

import dev.otelpresets.spi.ExporterProtocol;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.OtlpExporterFactory;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Builds the OTLP transport for an {@link ExporterSpec}: the SDK's own OTLP exporters, with senders
 * that follow no redirect ({@link RedirectSafeSenders}) and logs that quote no response ({@link
 * ExporterLogRedaction}).
 */
public final class OtlpExporters implements OtlpExporterFactory {
  public static final OtlpExporters INSTANCE = new OtlpExporters();

  private OtlpExporters() {
    ExporterLogRedaction.install();
  }

  /** The spec's exporter: its custom factory's when it has one, else plain OTLP. */
  public SpanExporter forSpec(ExporterSpec spec) {
    return spec.customFactory().map(f -> f.create(spec, this)).orElseGet(() -> create(spec));
  }

  @Override
  public SpanExporter create(ExporterSpec spec) {
    return create(spec, null);
  }

  @Override
  public SpanExporter create(ExporterSpec spec, Supplier<Map<String, String>> dynamicHeaders) {
    Objects.requireNonNull(spec, "spec");
    Supplier<Map<String, String>> headers =
        dynamicHeaders == null
            ? spec::headers
            : () -> {
              Map<String, String> all = new LinkedHashMap<>(spec.headers());
              Map<String, String> dyn = dynamicHeaders.get();
              if (dyn != null) {
                all.putAll(dyn);
              }
              return all;
            };
    if (spec.protocol() == ExporterProtocol.GRPC) {
      OtlpGrpcSpanExporterBuilder b =
          OtlpGrpcSpanExporter.builder()
              .setEndpoint(spec.endpoint())
              .setCompression(spec.compression())
              .setTimeout(spec.timeout());
      if (RedirectSafeSenders.inUse()) {
        b.setComponentLoader(RedirectSafeSenders.loader());
      }
      if (dynamicHeaders == null) {
        spec.headers().forEach(b::addHeader);
      } else {
        b.setHeaders(headers);
      }
      return b.build();
    }
    OtlpHttpSpanExporterBuilder b =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(spec.endpoint())
            .setCompression(spec.compression())
            .setTimeout(spec.timeout());
    if (RedirectSafeSenders.inUse()) {
      b.setComponentLoader(RedirectSafeSenders.loader());
    }
    if (dynamicHeaders == null) {
      spec.headers().forEach(b::addHeader);
    } else {
      b.setHeaders(headers);
    }
    return b.build();
  }
}
