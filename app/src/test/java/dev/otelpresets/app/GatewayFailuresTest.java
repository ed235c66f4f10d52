package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otelpresets.app.gateway.Gateway;
import dev.otelpresets.app.gateway.GatewayConfig;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.testkit.SilentServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A request whose handling throws an {@link Error} still gets an answer, and its span ends. */
class GatewayFailuresTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Extracts nothing and fails to inject, as a host's propagator missing a class on its path. */
  static final class BrokenPropagator implements TextMapPropagator {
    @Override
    public List<String> fields() {
      return List.of("x-broken");
    }

    @Override
    public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
      throw new NoClassDefFoundError("com/example/MissingTracingClass");
    }

    @Override
    public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
      return context;
    }
  }

  @Test
  void anErrorOnTheModelThreadIsAnswered500AndEndsTheServerSpan() throws Exception {
    InMemorySpanExporter ended = InMemorySpanExporter.create();
    try (SilentServer upstream = SilentServer.start();
        OpenTelemetrySdk server =
            OpenTelemetrySdk.builder()
                .setTracerProvider(
                    SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(ended))
                        .build())
                .setPropagators(ContextPropagators.create(new BrokenPropagator()))
                .build()) {
      OtelPresetsConfig cfg = GatewaySlowClientsTest.oneUpstream("up", upstream.baseUrl() + "/v1");
      try (GenAiTelemetry telemetry =
              OtelPresets.builder().config(cfg).environment(Map.of()).build();
          Gateway gateway =
              Gateway.builder(telemetry, GatewayConfig.from(cfg))
                  .serverOpenTelemetry(server)
                  .port(0)
                  .maxModelCalls(1)
                  .shutdownGracePeriod(Duration.ZERO)
                  .start()) {
        URI base = gateway.baseUrl();
        // twice: the one model call allowed at once is given back after the failure
        for (int i = 0; i < 2; i++) {
          HttpResponse<String> r =
              GatewaySlowClientsTest.chatAsync(base, "up").get(10, TimeUnit.SECONDS);
          assertEquals(500, r.statusCode(), r.body());
          assertEquals(
              "server_error",
              JSON.readTree(r.body()).path("error").path("type").asText(),
              r.body());
          assertTrue(r.body().contains("NoClassDefFoundError"), "names what failed: " + r.body());
          assertEquals(0, upstream.accepted(), "nothing was sent upstream");
        }
        List<SpanData> serverSpans =
            ended.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER)
                .toList();
        assertEquals(2, serverSpans.size(), "each request's server span ended");
        for (SpanData s : serverSpans) {
          assertEquals(StatusCode.ERROR, s.getStatus().getStatusCode());
          assertEquals(
              500L, s.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        }
      }
    }
  }
}
