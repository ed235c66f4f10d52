package dev.otelpresets.core.internal;

import dev.otelpresets.core.internal.otlp.FastGzip;
import dev.otelpresets.core.internal.otlp.OtlpHttpRecordSpanExporter;
import dev.otelpresets.spi.ExporterProtocol;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.OtlpExporterFactory;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.exporter.otlp.internal.OtlpUserAgent;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.internal.StandardComponentId;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Builds the OTLP transport for an {@link ExporterSpec}, with senders that follow no redirect and
 * hand the exporter no refusal's words ({@link RedirectSafeSenders}, {@link WithheldAnswers}) and
 * logs that quote no response ({@link ExporterLogRedaction}):
 * OTLP/HTTP through {@link OtlpHttpRecordSpanExporter} (the SDK's HTTP exporter writing each span's
 * bytes once for every backend that sends the same span, gzip at {@link FastGzip}'s level),
 * OTLP/gRPC through the SDK's exporter.
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
    if (spec.protocol() == ExporterProtocol.GRPC) {
      OtlpGrpcSpanExporterBuilder b =
          OtlpGrpcSpanExporter.builder()
              .setEndpoint(spec.endpoint())
              .setCompression(spec.compression())
              .setTimeout(spec.timeout());
      if (RedirectSafeSenders.sendsSafely()) {
        b.setComponentLoader(RedirectSafeSenders.loader());
      }
      headers(spec, dynamicHeaders, b::addHeader, b::setHeaders);
      return b.build();
    }
    if (!RedirectSafeSenders.inUse()) {
      // inside the Java agent: the SDK's exporter, built as the SDK builds it, on the agent's
      // OkHttp sender with redirects off and refusals withheld
      OtlpHttpSpanExporterBuilder b =
          OtlpHttpSpanExporter.builder()
              .setEndpoint(spec.endpoint())
              .setCompression(spec.compression())
              .setTimeout(spec.timeout());
      if (RedirectSafeSenders.sendsSafely()) {
        b.setComponentLoader(RedirectSafeSenders.loader());
      }
      headers(spec, dynamicHeaders, b::addHeader, b::setHeaders);
      return b.build();
    }
    // as OtlpHttpSpanExporter configures the SDK's HTTP exporter, with a faster gzip
    HttpExporterBuilder b =
        new HttpExporterBuilder(
                StandardComponentId.ExporterType.OTLP_HTTP_SPAN_EXPORTER, spec.endpoint())
            .setTimeout(spec.timeout())
            .setComponentLoader(RedirectSafeSenders.loader());
    OtlpUserAgent.addUserAgentHeader(b::addConstantHeaders);
    b.setCompression(compressor(spec.compression()));
    headers(spec, dynamicHeaders, b::addConstantHeaders, b::setHeadersSupplier);
    return new OtlpHttpRecordSpanExporter(b, SharedContentSpan::record);
  }

  /**
   * The spec's headers as constant headers ({@code constant}), or, with dynamic ones, a supplier of
   * both ({@code supplied}) whose dynamic values win.
   */
  private static void headers(
      ExporterSpec spec,
      Supplier<Map<String, String>> dynamicHeaders,
      BiConsumer<String, String> constant,
      Consumer<Supplier<Map<String, String>>> supplied) {
    if (dynamicHeaders == null) {
      spec.headers().forEach(constant);
      return;
    }
    supplied.accept(
        () -> {
          Map<String, String> all = new LinkedHashMap<>(spec.headers());
          Map<String, String> dyn = dynamicHeaders.get();
          if (dyn != null) {
            all.putAll(dyn);
          }
          return all;
        });
  }

  /** gzip: {@link FastGzip}; none: no compression (validated when the config was read). */
  static Compressor compressor(String compression) {
    return "gzip".equals(compression) ? FastGzip.instance() : null;
  }
}
