package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.Tenant;
import dev.otelpresets.testkit.LogCapture;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials stay with their owner: a tenant's credentials reach only its own owner's exporter, with the tenant's whole
 * request trace, and never another exporter, another tenant's backend, attributes or logs.
 */
class TenantCredentialsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String STATIC_TOKEN = "static-operator-token";
  private static final Map<String, String> TENANT_TOKENS =
      Map.of(
          "team-a",
          "secret-token-aaaa",
          "team-b",
          "secret-token-bbbb",
          "team-c",
          "secret-token-cccc");

  private XAndCollector fixture;
  private OtlpReceiver x;
  private OtlpReceiver otel;
  private LogCapture logs;

  @BeforeEach
  void setUp() {
    fixture = new XAndCollector(STATIC_TOKEN);
    x = fixture.x;
    otel = fixture.otel;
    logs = fixture.logs;
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  private GenAiTelemetry start(String extraYaml) {
    return fixture.start("  schedule_delay_ms: 50\n" + extraYaml, Map.of());
  }

  private static String[] request(GenAiTelemetry telemetry, Tenant tenant) {
    return TenantRequests.request(telemetry, tenant);
  }

  private static Tenant tenant(String id) {
    return Tenant.of(
        id, Map.of("x", Map.of("x_token", TENANT_TOKENS.get(id), "x_project", "proj-" + id)));
  }

  @Test
  void interleavedTenantsFromManyThreadsEachGetTheirOwnCompleteTraces() throws Exception {
    Map<String, String> tenantOfTrace = new ConcurrentHashMap<>();
    List<String> tenants = List.of("team-a", "team-b", "team-c", "static");
    int threads = 8;
    int perThread = 40;
    try (GenAiTelemetry telemetry = start("")) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    String who = tenants.get((seed + i) % tenants.size());
                    String[] ids = request(telemetry, who.equals("static") ? null : tenant(who));
                    tenantOfTrace.put(ids[0], who);
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      telemetry.forceFlush(WAIT);
    }
    int total = threads * perThread * 2;
    assertEquals(total, x.awaitSpans(total, WAIT).size());
    assertEquals(total, otel.awaitSpans(total, WAIT).size());

    // each x request carries exactly the credentials of the tenant whose spans it holds
    for (ReceivedRequest req : x.requests()) {
      Set<String> owners = new HashSet<>();
      req.traces()
          .orElseThrow()
          .getResourceSpansList()
          .forEach(
              rs ->
                  rs.getScopeSpansList()
                      .forEach(
                          ss ->
                              ss.getSpansList()
                                  .forEach(
                                      s ->
                                          owners.add(
                                              tenantOfTrace.get(
                                                  hex(s.getTraceId().toByteArray()))))));
      assertEquals(1, owners.size(), "one request mixed tenants: " + owners);
      String who = owners.iterator().next();
      String expected = who.equals("static") ? STATIC_TOKEN : TENANT_TOKENS.get(who);
      assertEquals("Bearer " + expected, req.header("authorization"));
      for (String other : TENANT_TOKENS.values()) {
        if (!other.equals(expected)) {
          assertFalse(req.bodyAsText().contains(other));
          assertFalse(req.headers().toString().contains(other));
        }
      }
    }
    // each tenant's traces are complete and connected at x, routed to its project
    Map<String, List<ReceivedSpan>> byTrace = new HashMap<>();
    x.spans().forEach(s -> byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s));
    assertEquals(threads * perThread, byTrace.size());
    byTrace.forEach(
        (traceId, spans) -> {
          assertEquals(2, spans.size(), "trace " + traceId);
          ReceivedSpan server =
              spans.stream().filter(ReceivedSpan::isRoot).findFirst().orElseThrow();
          ReceivedSpan llm = spans.stream().filter(s -> !s.isRoot()).findFirst().orElseThrow();
          assertEquals(server.spanId(), llm.parentSpanId());
          String who = tenantOfTrace.get(traceId);
          String project = who.equals("static") ? "proj-x" : "proj-" + who;
          assertEquals(project, server.resourceAttributes().get("x.project"));
          assertEquals(project, llm.resourceAttributes().get("x.project"));
          for (ReceivedSpan s : spans) {
            assertFalse(
                s.attributes().keySet().stream()
                    .anyMatch(k -> k.startsWith("otelpresets.internal")),
                "internal tenant key exported: " + s);
          }
        });
    // the collector has every span once, with no credentials of anyone
    Set<String> otelIds = new HashSet<>();
    otel.spans().forEach(s -> assertTrue(otelIds.add(s.spanId()), "duplicate at otel " + s));
    for (ReceivedRequest req : otel.requests()) {
      assertNull(req.header("authorization"));
      for (String secret : TENANT_TOKENS.values()) {
        assertFalse(req.bodyAsText().contains(secret));
      }
      assertFalse(req.bodyAsText().contains(STATIC_TOKEN));
    }
    String logText = logs.text();
    for (String secret : TENANT_TOKENS.values()) {
      assertFalse(logText.contains(secret), "a tenant secret reached the logs");
    }
  }

  @Test
  void disallowedHostAndIncompleteCredentialsAreRefusedAndTheStaticExporterKeepsTheRequest() {
    String[] evil;
    String[] incomplete;
    try (OtlpReceiver attacker = OtlpReceiver.start("attacker");
        GenAiTelemetry telemetry = start("tenants:\n  allowed_hosts: [allowed.example.com]\n")) {
      evil =
          request(
              telemetry,
              Tenant.of(
                  "team-evil",
                  Map.of(
                      "x", Map.of("x_token", "secret-token-evil", "x_host", attacker.baseUrl()))));
      incomplete =
          request(
              telemetry,
              Tenant.of("team-half", Map.of("x", Map.of("x_project", "proj-half-secret-name"))));
      telemetry.forceFlush(WAIT);
      assertEquals(4, x.awaitSpans(4, WAIT).size());
      assertTrue(attacker.requests().isEmpty(), "a tenant-chosen host received data");
    }
    for (ReceivedRequest req : x.requests()) {
      assertEquals("Bearer " + STATIC_TOKEN, req.header("authorization"));
    }
    Set<String> traces = new HashSet<>();
    x.spans().forEach(s -> traces.add(s.traceId()));
    assertEquals(Set.of(evil[0], incomplete[0]), traces);
    String logText = logs.text();
    assertTrue(logText.contains("tenant 'team-evil'") && logText.contains("allowlist"), logText);
    assertTrue(
        logText.contains("tenant 'team-half'") && logText.contains("x_token is missing"), logText);
    assertFalse(logText.contains("secret-token-evil"));
  }

  @Test
  void aBareAllowedHostAllowsOnlyItsDefaultPortAndHostPortExactlyThatPort() {
    String[] bare;
    String[] listed;
    int barePort;
    try (OtlpReceiver onBareHost = OtlpReceiver.start("tenant receiver, bare host listed");
        OtlpReceiver onListedPort = OtlpReceiver.start("tenant receiver, host:port listed");
        GenAiTelemetry telemetry =
            start(
                "tenants:\n  allowed_hosts: [127.0.0.1, \"127.0.0.1:"
                    + onListedPort.port()
                    + "\"]\n")) {
      barePort = onBareHost.port();
      bare =
          request(
              telemetry,
              Tenant.of(
                  "team-bare",
                  Map.of(
                      "x",
                      Map.of("x_token", "secret-token-bare", "x_host", onBareHost.baseUrl()))));
      listed =
          request(
              telemetry,
              Tenant.of(
                  "team-listed",
                  Map.of(
                      "x",
                      Map.of("x_token", "secret-token-listed", "x_host", onListedPort.baseUrl()))));
      telemetry.forceFlush(WAIT);

      List<ReceivedSpan> atListed = onListedPort.awaitSpans(2, WAIT);
      assertEquals(
          Set.of(listed[0]), Set.copyOf(atListed.stream().map(ReceivedSpan::traceId).toList()));
      atListed.forEach(
          s -> assertEquals("Bearer secret-token-listed", s.request().header("authorization")));
      List<ReceivedSpan> atStatic = x.awaitSpans(2, WAIT);
      assertEquals(
          Set.of(bare[0]),
          Set.copyOf(atStatic.stream().map(ReceivedSpan::traceId).toList()),
          "the refused tenant's spans go to the operator's exporter");
      atStatic.forEach(
          s -> assertEquals("Bearer " + STATIC_TOKEN, s.request().header("authorization")));
      assertEquals(
          List.of(),
          onBareHost.requests(),
          "a bare host on the allowlist allowed a port that is not its scheme's default");
    }
    String line =
        logs.text().lines().filter(l -> l.contains("tenant 'team-bare'")).findFirst().orElse("");
    assertTrue(
        line.contains("Add '127.0.0.1:" + barePort + "' to tenants.allowed_hosts"), logs.text());
    assertFalse(logs.text().contains("secret-token-bare"));
  }

  @Test
  void tenThousandTenantsThroughAnLruOfSixteen() throws Exception {
    int tenants = Integer.getInteger("otelpresets.it.tenants", 10_000);
    int threadsBefore = Thread.activeCount();
    int peakLive = 0;
    int peakThreads = 0;
    long peakHeap = 0;
    try (GenAiTelemetry telemetry =
        start("  max_queue_size: 65536\ntenants:\n  max_clients: 16\n")) {
      dev.otelpresets.core.internal.OwnerScopedSpanExporter xExporter =
          ((dev.otelpresets.core.internal.TelemetryRuntime) telemetry)
              .exporters().stream()
                  .filter(e -> e.owner().id().equals("x"))
                  .findFirst()
                  .orElseThrow();
      for (int i = 0; i < tenants; i++) {
        request(telemetry, Tenant.of("tenant-" + i, Map.of("x", Map.of("x_token", "tok-" + i))));
        if (i % 500 == 0) {
          peakLive = Math.max(peakLive, xExporter.liveTenantClients());
          peakThreads = Math.max(peakThreads, Thread.activeCount());
          Runtime rt = Runtime.getRuntime();
          peakHeap = Math.max(peakHeap, rt.totalMemory() - rt.freeMemory());
        }
      }
      telemetry.forceFlush(WAIT);
      assertEquals(2 * tenants, x.awaitSpans(2 * tenants, Duration.ofSeconds(120)).size());
      peakLive = Math.max(peakLive, xExporter.liveTenantClients());
      assertTrue(
          xExporter.liveTenantClients() <= 16, "live clients " + xExporter.liveTenantClients());
    }
    assertTrue(peakLive <= 16, "peak live clients " + peakLive);
    Set<String> spanIds = new HashSet<>();
    x.spans().forEach(s -> spanIds.add(s.spanId()));
    assertEquals(2 * tenants, spanIds.size(), "every span delivered exactly once");
    for (ReceivedRequest req : x.requests()) {
      String auth = req.header("authorization");
      assertTrue(auth.startsWith("Bearer tok-"), auth);
    }
    System.out.printf(
        "tenant LRU: %d tenants, max_clients 16, peak live clients %d, threads"
            + " before %d peak %d, peak heap used %d MiB%n",
        tenants, peakLive, threadsBefore, peakThreads, peakHeap >> 20);
    assertTrue(peakThreads < threadsBefore + 200, "threads grew without bound: " + peakThreads);
  }

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append(String.format("%02x", b));
    }
    return sb.toString();
  }
}
