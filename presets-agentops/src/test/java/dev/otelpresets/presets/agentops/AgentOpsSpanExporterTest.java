package dev.otelpresets.presets.agentops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.internal.OtlpExporters;
import dev.otelpresets.core.internal.ResolvedPresetSettings;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedRequest;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AgentOps exporter through the framework's real OTLP/HTTP exporter, against an embedded OTLP
 * receiver and a fake token endpoint; time is a hand-moved clock so backoffs and expiry are exact.
 */
class AgentOpsSpanExporterTest {
  /** The core's own settings resolution (env only; YAML precedence is covered end to end). */
  private static ResolvedPresetSettings settings(PresetProvider provider, Map<String, String> env) {
    return ResolvedPresetSettings.resolve(provider, null, Environment.of(env));
  }

  private static final String KEY = "ak-SECRET";

  private final MutableClock clock =
      new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private TokenServer tokens;
  private OtlpReceiver receiver;
  private SpanExporter exporter;

  @BeforeEach
  void start() throws IOException {
    tokens = new TokenServer();
    receiver = OtlpReceiver.start("agentops");
    AgentOpsExporterFactory factory =
        new AgentOpsExporterFactory(
            tokens.tokenUrl(), KEY, clock, Duration.ofSeconds(1), Duration.ofSeconds(60));
    ExporterSpec spec =
        ExporterSpec.builder(ExporterOwner.AGENTOPS)
            .endpoint(receiver.tracesUrl())
            .timeout(Duration.ofSeconds(5))
            .customFactory(factory)
            .build();
    exporter = OtlpExporters.INSTANCE.forSpec(spec);
  }

  @AfterEach
  void stop() {
    exporter.shutdown().join(5, TimeUnit.SECONDS);
    receiver.close();
    tokens.close();
  }

  private static SpanData span(String name) {
    return TestSpanData.builder()
        .setName(name)
        .setKind(SpanKind.CLIENT)
        .setStartEpochNanos(1)
        .setEndEpochNanos(2)
        .setAttributes(Attributes.empty())
        .setStatus(StatusData.unset())
        .setHasEnded(true)
        .build();
  }

  private boolean export(String name) {
    CompletableResultCode r = exporter.export(List.of(span(name)));
    return r.join(10, TimeUnit.SECONDS).isSuccess();
  }

  private String lastAuthorization() {
    List<ReceivedRequest> requests = receiver.requests();
    return requests.get(requests.size() - 1).header("Authorization");
  }

  @Test
  void buildingDoesNoNetworkIo() throws Exception {
    // Through the provider, as the core does at build time: settings -> spec -> factory.
    AgentOpsPresetProvider provider = new AgentOpsPresetProvider();
    Preset preset =
        provider.create(
            settings(
                provider,
                Map.of(
                    "AGENTOPS_API_KEY", KEY,
                    "AGENTOPS_API_ENDPOINT", tokens.apiBaseUrl(),
                    "AGENTOPS_EXPORTER_ENDPOINT", receiver.tracesUrl())));
    SpanExporter built = OtlpExporters.INSTANCE.forSpec(preset.exporters().get(0));
    try {
      Thread.sleep(200);
      assertEquals(0, tokens.requests(), "no token fetch at build time");
      assertTrue(receiver.requests().isEmpty());
      assertTrue(built.export(List.of(span("first"))).join(10, TimeUnit.SECONDS).isSuccess());
      assertEquals(1, tokens.requests(), "fetched lazily by the first export");
      assertEquals("Bearer " + TokenServer.issuedToken(1, null), lastAuthorization());
    } finally {
      built.shutdown().join(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void tokenIsCachedAcrossExports() {
    assertTrue(export("a"));
    assertTrue(export("b"));
    assertTrue(export("c"));
    assertEquals(1, tokens.requests());
    assertEquals(3, receiver.spans().size());
    for (ReceivedRequest r : receiver.requests()) {
      assertEquals("Bearer " + TokenServer.issuedToken(1, null), r.header("Authorization"));
      assertEquals("/v1/traces", r.path());
    }
    assertEquals(List.of("{\"api_key\":\"ak-SECRET\"}"), tokens.bodies());
  }

  @Test
  void rejectedExportRefetchesTheToken() {
    assertTrue(export("a"));
    receiver.respondWith(401);
    assertFalse(export("rejected"));
    assertEquals(1, tokens.requests());
    receiver.respondWith(200);
    assertTrue(export("after"));
    assertEquals(2, tokens.requests(), "refetched after the failed export");
    assertEquals("Bearer " + TokenServer.issuedToken(2, null), lastAuthorization());
    assertEquals(List.of("a", "after"), receiver.spans().stream().map(s -> s.name()).toList());
  }

  @Test
  void expiringTokenIsRefreshedBeforeExpiry() {
    Instant exp = clock.instant().plus(Duration.ofMinutes(5));
    tokens.expiry(exp);
    assertTrue(export("a"));
    clock.advance(Duration.ofMinutes(3));
    assertTrue(export("b"));
    assertEquals(1, tokens.requests());
    tokens.expiry(exp.plus(Duration.ofMinutes(5)));
    clock.advance(Duration.ofSeconds(61)); // within a minute of expiry
    assertTrue(export("c"));
    assertEquals(2, tokens.requests());
    assertEquals(
        "Bearer " + TokenServer.issuedToken(2, exp.plus(Duration.ofMinutes(5))),
        lastAuthorization());
  }

  @Test
  void tokenEndpointDownThenUp() {
    tokens.down(503);
    assertFalse(export("lost"));
    assertTrue(receiver.requests().isEmpty(), "nothing goes out unauthenticated");
    tokens.up();
    assertFalse(export("still backing off"));
    assertEquals(1, tokens.requests(), "no second attempt within the backoff");
    clock.advance(Duration.ofSeconds(1));
    assertTrue(export("resumed"));
    assertEquals(2, tokens.requests());
    assertEquals("Bearer " + TokenServer.issuedToken(1, null), lastAuthorization());
    assertEquals(List.of("resumed"), receiver.spans().stream().map(s -> s.name()).toList());
  }

  @Test
  void downForLongBacksOffExponentially() {
    tokens.down(500);
    for (int i = 0; i < 30; i++) {
      export("x" + i);
      clock.advance(Duration.ofMillis(500));
    }
    // 15 s of exports every 0.5 s: token attempts at 0, 1, 3 and 7 s only (backoff 1, 2, 4, 8 s)
    assertEquals(4, tokens.requests());
  }

  @Test
  void afterShutdownNothingIsExported() {
    exporter.shutdown().join(5, TimeUnit.SECONDS);
    assertFalse(export("late"));
    assertEquals(0, tokens.requests());
  }
}
