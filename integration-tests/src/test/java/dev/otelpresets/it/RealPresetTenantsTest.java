package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.Tenant;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Tenants with the real presets: Arize + Langfuse + otel, three tenants and the
 * operator's static credentials, interleaved from many threads.
 */
class RealPresetTenantsTest {
  private static final String STATIC_SPACE = "operator-space";
  private static final String STATIC_LF_PUBLIC = "pk-lf-operator";

  private static Tenant tenant(String team) {
    Map<String, Map<String, String>> creds = new HashMap<>();
    creds.put(
        "arize",
        Map.of("arize_space_id", team + "-space", "arize_api_key", team + "-arize-SECRET"));
    if (!team.equals("team-c")) { // team-c has no Langfuse project of its own
      creds.put(
          "langfuse",
          Map.of("langfuse_public_key", "pk-" + team, "langfuse_secret_key", team + "-lf-SECRET"));
    }
    return Tenant.of(team, creds);
  }

  @Test
  void eachBackendRequestCarriesExactlyTheCredentialsOfTheTenantWhoseSpansItHolds()
      throws Exception {
    Map<String, String> teamOfTrace = new ConcurrentHashMap<>();
    List<String> teams = List.of("team-a", "team-b", "team-c", "operator");
    try (PresetTestHarness h =
        PresetTestHarness.builder()
            .receiver("arize")
            .receiver("langfuse")
            .receiver("otel")
            .yaml(
                "callbacks: [arize, langfuse, otel]\nsettings:\n  shutdown_hook: false\n"
                    + "  schedule_delay_ms: 50\n")
            .env(
                r ->
                    Map.of(
                        "ARIZE_SPACE_ID",
                        STATIC_SPACE,
                        "ARIZE_API_KEY",
                        "operator-arize-key",
                        "ARIZE_HTTP_ENDPOINT",
                        r.get("arize").baseUrl(),
                        "LANGFUSE_HOST",
                        r.get("langfuse").baseUrl(),
                        "LANGFUSE_PUBLIC_KEY",
                        STATIC_LF_PUBLIC,
                        "LANGFUSE_SECRET_KEY",
                        "sk-lf-operator",
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        r.get("otel").baseUrl(),
                        "OTEL_EXPORTER_OTLP_PROTOCOL",
                        "http/protobuf",
                        "OTEL_METRICS_EXPORTER",
                        "none",
                        "OTEL_LOGS_EXPORTER",
                        "none"))
            .start()) {
      GenAiTelemetry telemetry = h.telemetry();
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        int seed = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20; i++) {
                    String team = teams.get((seed + i) % teams.size());
                    Span server =
                        telemetry
                            .openTelemetry()
                            .getTracer("gateway")
                            .spanBuilder("POST /v1/chat/completions")
                            .setSpanKind(SpanKind.SERVER)
                            .startSpan();
                    try (Scope ignored = server.makeCurrent()) {
                      if (!team.equals("operator")) {
                        telemetry.bindTenant(tenant(team));
                      }
                      LlmCall call = telemetry.startCall(GenAiScenarios.request().build());
                      call.end(GenAiScenarios.response().build());
                    } finally {
                      server.end();
                    }
                    teamOfTrace.put(server.getSpanContext().getTraceId(), team);
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      int total = 6 * 20 * 2;
      for (String r : List.of("arize", "langfuse", "otel")) {
        assertEquals(total, h.flushAndAwait(r, total).size(), r);
      }

      for (ReceivedRequest req : h.receiver("arize").requests()) {
        String team = onlyTeam(req, teamOfTrace);
        String space = team.equals("operator") ? STATIC_SPACE : team + "-space";
        assertEquals(space, req.header("arize-space-id"), "arize request of " + team);
        assertEquals(
            team.equals("operator") ? "operator-arize-key" : team + "-arize-SECRET",
            req.header("api_key"));
        assertNull(
            req.header("authorization") != null && req.header("authorization").startsWith("Basic")
                ? "basic auth at arize"
                : null);
      }
      // team-c has no Langfuse credentials: its spans ride the operator's static exporter
      Map<String, String> langfuseGroup = new HashMap<>();
      teamOfTrace.forEach(
          (trace, team) -> langfuseGroup.put(trace, team.equals("team-c") ? "operator" : team));
      for (ReceivedRequest req : h.receiver("langfuse").requests()) {
        String team = onlyTeam(req, langfuseGroup);
        boolean own = team.equals("team-a") || team.equals("team-b");
        String user = own ? "pk-" + team : STATIC_LF_PUBLIC;
        String secret = own ? team + "-lf-SECRET" : "sk-lf-operator";
        assertEquals(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8)),
            req.header("authorization"),
            "langfuse request of " + team);
      }
      // team-c and the operator share the static Langfuse exporter; no tenant secret leaks
      for (String receiver : List.of("arize", "langfuse", "otel")) {
        for (ReceivedRequest req : h.receiver(receiver).requests()) {
          String all = req.headers().toString() + req.bodyAsText();
          if (!receiver.equals("arize")) {
            assertFalse(all.contains("-arize-SECRET"), receiver + " got an Arize tenant key");
          }
          if (!receiver.equals("langfuse")) {
            assertFalse(all.contains("-lf-SECRET"), receiver + " got a Langfuse tenant key");
          }
        }
      }
      for (ReceivedRequest req : h.receiver("otel").requests()) {
        assertNull(req.header("authorization"));
      }
      // each tenant's whole trace, connected, at its own backends
      Map<String, List<ReceivedSpan>> byTrace = new HashMap<>();
      h.receiver("langfuse")
          .spans()
          .forEach(s -> byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s));
      assertEquals(120, byTrace.size());
      byTrace
          .values()
          .forEach(
              spans -> {
                assertEquals(2, spans.size());
                Set<String> ids = new HashSet<>();
                spans.forEach(s -> ids.add(s.spanId()));
                spans.stream()
                    .filter(s -> !s.isRoot())
                    .forEach(s -> assertTrue(ids.contains(s.parentSpanId()), "orphan " + s));
              });
    }
  }

  @Test
  void anArizeTenantsProjectNamesItsSpansAndTheOperatorsProjectNoneOfThem() {
    String operatorProject = "operator-project-7f3a";
    // team-a: own space and project; team-b: own project in the operator's space; team-c: own
    // space, no project (so ARIZE_PROJECT_NAME); operator: no tenant
    Map<String, Tenant> tenants =
        Map.of(
            "team-a",
                Tenant.of(
                    "team-a",
                    Map.of(
                        "arize",
                        Map.of(
                            "arize_space_id",
                            "team-a-space",
                            "arize_api_key",
                            "team-a-arize-SECRET",
                            "arize_project_name",
                            "team-a-project"))),
            "team-b",
                Tenant.of(
                    "team-b", Map.of("arize", Map.of("arize_project_name", "team-b-project"))),
            "team-c",
                Tenant.of(
                    "team-c",
                    Map.of(
                        "arize",
                        Map.of(
                            "arize_space_id",
                            "team-c-space",
                            "arize_api_key",
                            "team-c-arize-SECRET"))));
    Map<String, String> expectedProject =
        Map.of(
            "team-a",
            "team-a-project",
            "team-b",
            "team-b-project",
            "team-c",
            operatorProject,
            "operator",
            operatorProject);
    Map<String, String> teamOfTrace = new HashMap<>();
    try (PresetTestHarness h =
        PresetTestHarness.builder()
            .receiver("arize")
            .receiver("otel")
            .yaml("callbacks: [arize, otel]\nsettings:\n  shutdown_hook: false\n")
            .env(
                r ->
                    Map.of(
                        "ARIZE_SPACE_ID",
                        STATIC_SPACE,
                        "ARIZE_API_KEY",
                        "operator-arize-key",
                        "ARIZE_PROJECT_NAME",
                        operatorProject,
                        "ARIZE_HTTP_ENDPOINT",
                        r.get("arize").baseUrl(),
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        r.get("otel").baseUrl(),
                        "OTEL_EXPORTER_OTLP_PROTOCOL",
                        "http/protobuf",
                        "OTEL_METRICS_EXPORTER",
                        "none",
                        "OTEL_LOGS_EXPORTER",
                        "none"))
            .start()) {
      GenAiTelemetry telemetry = h.telemetry();
      for (String team : List.of("team-a", "team-b", "team-c", "operator")) {
        Span server =
            telemetry
                .openTelemetry()
                .getTracer("gateway")
                .spanBuilder("POST /v1/chat/completions")
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        try (Scope ignored = server.makeCurrent()) {
          if (tenants.containsKey(team)) {
            telemetry.bindTenant(tenants.get(team));
          }
          telemetry
              .startCall(GenAiScenarios.request().build())
              .end(GenAiScenarios.response().build());
        } finally {
          server.end();
        }
        teamOfTrace.put(server.getSpanContext().getTraceId(), team);
      }
      assertEquals(8, h.flushAndAwait("arize", 8).size());
      assertEquals(8, h.flushAndAwait("otel", 8).size());

      Set<String> seen = new HashSet<>();
      for (ReceivedSpan span : h.receiver("arize").spans()) {
        String team = teamOfTrace.get(span.traceId());
        seen.add(team);
        String project = expectedProject.get(team);
        assertEquals(
            project,
            span.resourceAttributes().get("openinference.project.name"),
            "project of " + team + "'s span " + span.name());
        assertEquals(
            project,
            span.resourceAttributes().get("model_id"),
            "model_id of " + team + "'s span " + span.name());
      }
      assertEquals(expectedProject.keySet(), seen);
      for (ReceivedRequest req : h.receiver("arize").requests()) {
        String team = onlyTeam(req, teamOfTrace);
        if (team.equals("team-a") || team.equals("team-b")) {
          String all = req.headers().toString() + req.bodyAsText();
          assertFalse(
              all.contains(operatorProject),
              "the operator's project reached " + team + "'s export");
        }
        assertEquals(
            team.equals("team-a") || team.equals("team-c") ? team + "-space" : STATIC_SPACE,
            req.header("arize-space-id"),
            "space of " + team);
      }
      // the projects are Arize's routing: the collector gets none of them
      for (ReceivedRequest req : h.receiver("otel").requests()) {
        assertFalse(req.bodyAsText().contains("-project"), "a project name reached the collector");
      }
    }
  }

  private static String onlyTeam(ReceivedRequest req, Map<String, String> teamOfTrace) {
    Set<String> teams = new HashSet<>();
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
                                    s -> {
                                      StringBuilder hex = new StringBuilder();
                                      for (byte b : s.getTraceId().toByteArray()) {
                                        hex.append(String.format("%02x", b));
                                      }
                                      teams.add(teamOfTrace.get(hex.toString()));
                                    })));
    assertEquals(1, teams.size(), "a request mixed tenants: " + teams);
    return teams.iterator().next();
  }
}
