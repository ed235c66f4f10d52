package dev.otelpresets.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance for the Java agent: the real OpenTelemetry Java agent (from Maven Central) with the
 * otel-presets extension jar, running an application that never heard of either, sends its
 * OpenAI call to Langfuse and Phoenix in their own vocabularies and to the agent's own OTLP
 * exporter canonically — one span per operation everywhere, the agent's HTTP server span as
 * parent.
 */
class AgentIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String COMPLETION =
      """
      {"id":"chatcmpl-agent-it","object":"chat.completion","created":1700000000,
       "model":"gpt-4o-mini-2024-07-18",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Hello!","refusal":null},
                   "logprobs":null,"finish_reason":"stop"}],
       "usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}
      """;

  @TempDir Path dir;
  private OtlpReceiver langfuse;
  private OtlpReceiver phoenix;
  private OtlpReceiver collector;
  private OtlpReceiver arize;
  private HttpServer openai;
  private final AtomicInteger openaiCalls = new AtomicInteger();
  private Process app;
  private final List<String> appOutput = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws IOException {
    langfuse = OtlpReceiver.start("langfuse receiver");
    phoenix = OtlpReceiver.start("phoenix receiver");
    collector = OtlpReceiver.start("agent's own OTLP receiver");
    arize = OtlpReceiver.start("arize receiver");
    openai = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    openai.createContext(
        "/v1/chat/completions",
        exchange -> {
          openaiCalls.incrementAndGet();
          exchange.getRequestBody().readAllBytes();
          byte[] body = COMPLETION.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    openai.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (app != null && app.isAlive()) {
      app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    openai.stop(0);
    langfuse.close();
    phoenix.close();
    collector.close();
    arize.close();
  }

  @Test
  void openAiCallUnderTheAgentReachesEveryBackendOnceInItsVocabulary() throws Exception {
    Path config = dir.resolve("otel-presets.yaml");
    Files.writeString(
        config,
        """
        presets:
          phoenix:
            collector_endpoint: %s
            project_name: agent-it
        """
            .formatted(phoenix.tracesUrl()));

    long t0 = System.nanoTime();
    int appPort =
        startApp(
            List.of("-Dotel.presets.callbacks=langfuse,phoenix", "-Dotel.logs.exporter=none"),
            Map.of(
                // the config path and Langfuse's credentials come from the environment, the
                // callbacks
                // from a system property: both spellings reach the extension through the agent's
                // ConfigProperties
                "OTEL_PRESETS_CONFIG",
                config.toString(),
                "LANGFUSE_PUBLIC_KEY",
                "pk-lf-agent-it",
                "LANGFUSE_SECRET_KEY",
                "sk-lf-agent-it",
                "LANGFUSE_HOST",
                langfuse.baseUrl()));
    long started = System.nanoTime();

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + "/chat"))
                    .timeout(Duration.ofSeconds(20))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body() + "\n" + output());
    assertEquals("Hello!", response.body());
    assertEquals(1, openaiCalls.get());

    // the agent's exporter: canonical gen_ai.* from the agent's own instrumentation
    ReceivedSpan server = one(collector, s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER);
    ReceivedSpan llm = one(collector, s -> s.attributes().containsKey("gen_ai.operation.name"));
    assertEquals("chat", llm.stringAttribute("gen_ai.operation.name"));
    assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, llm.kind());
    assertEquals(server.spanId(), llm.parentSpanId(), "the GenAI span's parent is the server span");
    assertEquals(server.traceId(), llm.traceId());
    assertTrue(
        server.scope().getName().startsWith("io.opentelemetry.java-http-server"),
        "server span from the agent's own instrumentation: " + server.scope().getName());
    assertTrue(
        llm.scope().getName().startsWith("io.opentelemetry.openai-java"),
        "GenAI span from the agent's own instrumentation: " + llm.scope().getName());
    assertNoKeys(llm, "llm.", "langfuse.", "openinference.");

    // Phoenix: OpenInference, same span, same parent
    ReceivedSpan px = one(phoenix, s -> llm.spanId().equals(s.spanId()));
    assertEquals("LLM", px.stringAttribute("openinference.span.kind"));
    assertEquals("gpt-4o-mini-2024-07-18", px.stringAttribute("llm.model_name"));
    assertEquals("openai", px.stringAttribute("llm.system"));
    assertEquals("openai", px.stringAttribute("llm.provider"));
    assertEquals(12L, ((Number) px.attribute("llm.token_count.total")).longValue());
    assertEquals(server.spanId(), px.parentSpanId());
    assertEquals("agent-it", px.resourceAttributes().get("openinference.project.name"));
    assertNoKeys(px, "langfuse.");
    one(phoenix, s -> server.spanId().equals(s.spanId()));
    one(phoenix, s -> "LLM".equals(s.stringAttribute("openinference.span.kind")));

    // Langfuse: its observation keys, same span, same parent, its own auth
    ReceivedSpan lf = one(langfuse, s -> llm.spanId().equals(s.spanId()));
    assertEquals("generation", lf.stringAttribute("langfuse.observation.type"));
    assertEquals("gpt-4o-mini-2024-07-18", lf.stringAttribute("langfuse.observation.model.name"));
    assertNotNull(lf.stringAttribute("langfuse.observation.usage_details"));
    assertEquals(server.spanId(), lf.parentSpanId());
    assertTrue(String.valueOf(lf.request().header("authorization")).startsWith("Basic "));
    assertEquals("/api/public/otel/v1/traces", lf.request().path());
    assertFalse(lf.resourceAttributes().containsKey("openinference.project.name"));
    assertNoKeys(lf, "llm.", "openinference.");
    one(langfuse, s -> server.spanId().equals(s.spanId()));
    one(langfuse, s -> "generation".equals(s.stringAttribute("langfuse.observation.type")));

    // every backend got the same set of spans, each exactly once
    app.getOutputStream().close();
    assertTrue(app.waitFor(20, TimeUnit.SECONDS), "app did not exit\n" + output());
    List<String> ids = spanIds(collector);
    assertEquals(ids, spanIds(phoenix), "Phoenix received the trace as the agent's exporter did");
    assertEquals(ids, spanIds(langfuse), "Langfuse received the trace as the agent's exporter did");
    assertEquals(ids.size(), ids.stream().distinct().count(), "no span exported twice: " + ids);
    // the same export statistics as the library, logged per backend when the agent shuts down
    String summary =
        "'langfuse' at shutdown: "
            + ids.size()
            + " span(s) exported, 0 failed, 0"
            + " dropped on a full queue, 0 abandoned, 0 sampled out";
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!output().contains(summary) && System.nanoTime() < until) {
      Thread.sleep(50); // the app's last lines may still be on their way through the pipe
    }
    assertTrue(output().contains(summary), "expected '" + summary + "' in\n" + output());
    System.out.printf(
        "AgentIT: app start %.1f s, request-to-assertions %.1f s, total %.1f s;"
            + " spans per backend: %d (%s)%n",
        (started - t0) / 1e9,
        (System.nanoTime() - started) / 1e9,
        (System.nanoTime() - t0) / 1e9,
        ids.size(),
        collector.spans().stream()
            .map(s -> s.kind() + " " + s.name())
            .collect(Collectors.joining(", ")));
    System.out.println("app output:\n" + output());
  }

  @Test
  void messageContentFromTheAgentsEventsReachesEachPresetAndTheEventsStayTheAgents()
      throws Exception {
    Path config = dir.resolve("otel-presets.yaml");
    Files.writeString(
        config,
        """
        presets:
          langfuse: { public_key: pk-lf-it, secret_key: sk-lf-it, host: %s }
          arize: { space_id: space-it, api_key: ak-it, http_endpoint: %s }
        """
            .formatted(langfuse.baseUrl(), arize.tracesUrl()));
    int appPort =
        startApp(
            List.of(
                "-Dotel.presets.callbacks=langfuse,arize",
                "-Dotel.logs.exporter=otlp",
                "-Dotel.instrumentation.genai.capture-message-content=true"),
            Map.of("OTEL_PRESETS_CONFIG", config.toString()));
    chat(appPort); // the blocking client: every event inside the span
    chat(appPort, "X-Mode", "async"); // the asynchronous client: the choice after the span's end
    List<ReceivedSpan> llms =
        new ArrayList<>(
            collector.awaitSpans(
                s -> s.attributes().containsKey("gen_ai.operation.name"), 2, WAIT));
    llms.sort(java.util.Comparator.comparingLong(s -> s.proto().getStartTimeUnixNano()));
    assertEquals(2, llms.size(), llms.toString());
    for (ReceivedSpan llm : llms) {
      assertFalse(
          llm.attributes().containsKey("gen_ai.input.messages"),
          "the agent's own exporter gets the span as the agent wrote it");
      ReceivedSpan ax = one(arize, s -> llm.spanId().equals(s.spanId()));
      assertEquals(
          "system",
          ax.stringAttribute("llm.input_messages.0.message.role"),
          ax.attributes().toString());
      assertEquals("Be brief.", ax.stringAttribute("llm.input_messages.0.message.content"));
      assertEquals("user", ax.stringAttribute("llm.input_messages.1.message.role"));
      assertEquals("Say hello", ax.stringAttribute("llm.input_messages.1.message.content"));
      assertEquals("assistant", ax.stringAttribute("llm.output_messages.0.message.role"));
      assertEquals(
          "Hello!",
          ax.stringAttribute("llm.output_messages.0.message.content"),
          llm.scope().getName() + " " + ax.attributes());
      assertNoKeys(ax, "langfuse.");
      ReceivedSpan lf = one(langfuse, s -> llm.spanId().equals(s.spanId()));
      assertTrue(
          String.valueOf(lf.stringAttribute("langfuse.observation.input")).contains("Say hello"),
          lf.attributes().toString());
      assertTrue(
          String.valueOf(lf.stringAttribute("langfuse.observation.output")).contains("Hello!"),
          lf.attributes().toString());
      assertNoKeys(lf, "llm.", "openinference.");
    }
    stopApp();

    // the agent's own logs exporter: its events, as the agent emitted them
    List<LogRecord> events = new ArrayList<>();
    for (ReceivedRequest q : collector.requests()) {
      q.logs()
          .ifPresent(
              r ->
                  r.getResourceLogsList()
                      .forEach(
                          rl ->
                              rl.getScopeLogsList()
                                  .forEach(sl -> events.addAll(sl.getLogRecordsList()))));
    }
    StringBuilder order = new StringBuilder();
    for (ReceivedSpan llm : llms) {
      List<LogRecord> own =
          events.stream()
              .filter(
                  e -> llm.spanId().equals(HexFormat.of().formatHex(e.getSpanId().toByteArray())))
              .toList();
      assertEquals(
          List.of("gen_ai.system.message", "gen_ai.user.message", "gen_ai.choice"),
          own.stream().map(AgentIT::eventName).toList(),
          own.toString());
      assertEquals(
          "Say hello",
          own.get(1).getBody().getKvlistValue().getValuesList().stream()
              .filter(kv -> kv.getKey().equals("content"))
              .findFirst()
              .orElseThrow()
              .getValue()
              .getStringValue());
      assertTrue(own.get(2).getBody().toString().contains("Hello!"), own.get(2).toString());
      long choiceAfterEnd = own.get(2).getObservedTimeUnixNano() - llm.proto().getEndTimeUnixNano();
      order.append(
          String.format(
              " %s call: gen_ai.choice %+.3f ms from the span's end;",
              order.length() == 0 ? "blocking" : "asynchronous", choiceAfterEnd / 1e6));
    }
    System.out.println("AgentIT event order (observed time of the choice minus span end):" + order);
  }

  @Test
  void aRequestMarkedForATenantGoesToThatTenantsBackendsOnlyWithItsIdentityOnEverySpan()
      throws Exception {
    Path config = dir.resolve("otel-presets.yaml");
    Files.writeString(
        config,
        """
        presets:
          langfuse: { public_key: pk-lf-static, secret_key: sk-lf-static, host: %s }
          arize: { space_id: space-static, api_key: ak-static, http_endpoint: %s }
        tenants:
          credentials:
            team-a:
              langfuse: { langfuse_public_key: pk-a, langfuse_secret_key: ${TEAM_A_LF_SECRET} }
              arize: { arize_space_id: s-a, arize_api_key: ${TEAM_A_ARIZE_KEY} }
        """
            .formatted(langfuse.baseUrl(), arize.tracesUrl()));
    String lfSecret = "sk-a-lf-secret-4711";
    String arizeKey = "ak-a-arize-secret-4711";
    int appPort =
        startApp(
            List.of("-Dotel.presets.callbacks=langfuse,arize", "-Dotel.logs.exporter=otlp"),
            Map.of(
                "OTEL_PRESETS_CONFIG",
                config.toString(),
                "TEAM_A_LF_SECRET",
                lfSecret,
                "TEAM_A_ARIZE_KEY",
                arizeKey));
    chat(
        appPort,
        "X-Tenant",
        "team-a",
        "X-User",
        "user-7",
        "X-Session",
        "conv-42",
        "X-Tags",
        "beta,eu");
    chat(appPort); // the operator's own request
    String longUnknown = "team-zz-" + "x".repeat(200);
    chat(appPort, "X-Tenant", longUnknown);
    collector.awaitSpans(s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER, 3, WAIT);
    stopApp();

    ReceivedSpan tenantServer =
        one(
            collector,
            s ->
                s.kind() == Span.SpanKind.SPAN_KIND_SERVER
                    && "user-7".equals(s.stringAttribute("user.id")));
    String trace = tenantServer.traceId();
    List<ReceivedSpan> tenantTrace =
        collector.spans().stream().filter(s -> s.traceId().equals(trace)).toList();
    assertTrue(tenantTrace.size() >= 2, "server and GenAI span at least: " + tenantTrace);
    String tenantAuth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("pk-a:" + lfSecret).getBytes(StandardCharsets.UTF_8));
    String staticAuth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("pk-lf-static:sk-lf-static".getBytes(StandardCharsets.UTF_8));
    for (ReceivedSpan c : tenantTrace) {
      assertEquals("user-7", c.stringAttribute("user.id"), c.name() + " at the collector");
      assertEquals("conv-42", c.stringAttribute("gen_ai.conversation.id"), c.name());
      assertEquals(List.of("beta", "eu"), c.attribute("otelpresets.tags"), c.name());
      ReceivedSpan lf = one(langfuse, s -> c.spanId().equals(s.spanId()));
      assertEquals(tenantAuth, lf.request().header("authorization"), c.name() + " at Langfuse");
      assertEquals("user-7", lf.stringAttribute("user.id"), c.name());
      assertEquals("conv-42", lf.stringAttribute("session.id"), c.name());
      ReceivedSpan ax = one(arize, s -> c.spanId().equals(s.spanId()));
      assertEquals("s-a", ax.request().header("arize-space-id"), c.name() + " at Arize");
      assertEquals(arizeKey, ax.request().header("api_key"), c.name());
      assertEquals("user-7", ax.stringAttribute("user.id"), c.name());
    }
    List<ReceivedSpan> others =
        collector.spans().stream().filter(s -> !s.traceId().equals(trace)).toList();
    assertTrue(others.size() >= 4, others.toString());
    for (ReceivedSpan c : others) {
      ReceivedSpan lf = one(langfuse, s -> c.spanId().equals(s.spanId()));
      assertEquals(staticAuth, lf.request().header("authorization"), c.name());
      assertEquals(
          "space-static",
          one(arize, s -> c.spanId().equals(s.spanId())).request().header("arize-space-id"));
      assertFalse(c.attributes().containsKey("user.id"), c.name());
    }

    // leak scan: the tenant's secrets only in its own requests to its own backends
    List<String> secrets =
        List.of(
            lfSecret,
            arizeKey,
            Base64.getEncoder()
                .encodeToString(("pk-a:" + lfSecret).getBytes(StandardCharsets.UTF_8)),
            Base64.getEncoder().encodeToString(lfSecret.getBytes(StandardCharsets.UTF_8)),
            Base64.getEncoder().encodeToString(arizeKey.getBytes(StandardCharsets.UTF_8)));
    for (OtlpReceiver r : List.of(langfuse, arize, collector, phoenix)) {
      for (ReceivedRequest q : r.requests()) {
        String body = new String(q.body(), StandardCharsets.ISO_8859_1);
        String headers = q.headers().toString();
        boolean onlyTenantSpans =
            !q.traces().isEmpty()
                && spansOf(q).stream()
                    .allMatch(id -> tenantTrace.stream().anyMatch(c -> c.spanId().equals(id)));
        for (String secret : secrets) {
          assertFalse(body.contains(secret), r.name() + ": a tenant secret in a body");
          if (headers.contains(secret)) {
            assertTrue(
                onlyTenantSpans && (r == langfuse || r == arize),
                r.name() + ": a tenant secret in a request that is not the tenant's");
          }
        }
        assertFalse(
            body.contains("otelpresets.tenant") || body.contains("otelpresets.internal"),
            r.name() + ": a marker left the process");
      }
    }
    String log = output();
    for (String secret : secrets) {
      assertFalse(log.contains(secret), "the agent's log carries a tenant secret");
    }
    List<String> unknown = log.lines().filter(l -> l.contains("names no tenant")).toList();
    assertEquals(1, unknown.size(), log);
    assertTrue(
        unknown.get(0).contains("team-zz-xxx")
            && unknown.get(0).contains("(208 chars)")
            && !unknown.get(0).contains(longUnknown),
        unknown.get(0));
    System.out.printf(
        "AgentIT tenants: %d span(s) of the tenant's trace at its credentials,"
            + " %d other span(s) at the static ones%n",
        tenantTrace.size(), others.size());
  }

  @Test
  void underTheAgentARedirectIsNotFollowedAndAnEchoedCredentialReachesNoLog() throws Exception {
    // Arize answers every export with a 307 to a receiver nobody configured, Langfuse with a 401
    // whose body echoes the request's headers; Phoenix is healthy
    OtlpReceiver elsewhere = OtlpReceiver.start("redirect target");
    try {
      arize.redirectTo(307, elsewhere.tracesUrl());
      langfuse.respondEchoingHeaders(401);
      Path config = dir.resolve("otel-presets.yaml");
      Files.writeString(
          config,
          """
          presets:
            langfuse: { public_key: pk-lf-hostile, secret_key: ${HOSTILE_LF_SECRET}, host: %s }
            arize: { space_id: space-hostile, api_key: ${HOSTILE_ARIZE_KEY}, http_endpoint: %s }
            phoenix: { collector_endpoint: %s, project_name: agent-it }
          """
              .formatted(langfuse.baseUrl(), arize.tracesUrl(), phoenix.tracesUrl()));
      String lfSecret = "sk-lf-hostile-secret-0815";
      String arizeKey = "ak-arize-hostile-secret-0815";
      int appPort =
          startApp(
              List.of(
                  "-Dotel.presets.callbacks=langfuse,arize,phoenix", "-Dotel.logs.exporter=none"),
              Map.of(
                  "OTEL_PRESETS_CONFIG",
                  config.toString(),
                  "HOSTILE_LF_SECRET",
                  lfSecret,
                  "HOSTILE_ARIZE_KEY",
                  arizeKey));
      chat(appPort);
      chat(appPort);
      try {
        collector.awaitSpans(s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER, 2, WAIT);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\napp output:\n" + output(), e);
      }
      awaitRequest(arize);
      awaitRequest(langfuse);
      stopApp();

      assertTrue(
          elsewhere.requests().isEmpty(),
          "a redirect was followed: " + elsewhere.requests().size() + " request(s)\n" + output());
      // the others' failures cost Phoenix nothing
      List<String> ids = spanIds(collector);
      assertEquals(ids, spanIds(phoenix), "Phoenix received what the agent's exporter did");
      // Langfuse's echo held the credentials (so the scan below can fail)
      String basic =
          Base64.getEncoder()
              .encodeToString(("pk-lf-hostile:" + lfSecret).getBytes(StandardCharsets.UTF_8));
      assertTrue(
          langfuse.requests().get(0).headers().toString().contains(basic),
          "Langfuse was sent its own credentials");
      String log = output();
      for (String secret :
          List.of(
              lfSecret,
              arizeKey,
              basic,
              Base64.getEncoder().encodeToString(lfSecret.getBytes(StandardCharsets.UTF_8)),
              Base64.getEncoder().encodeToString(arizeKey.getBytes(StandardCharsets.UTF_8)))) {
        assertFalse(log.contains(secret), "a credential in the agent's log:\n" + log);
      }
      // every span not delivered is counted, per backend, at shutdown
      for (String owner : List.of("langfuse", "arize")) {
        String summary =
            "'" + owner + "' at shutdown: 0 span(s) exported, " + ids.size() + " failed";
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!output().contains(summary) && System.nanoTime() < until) {
          Thread.sleep(50); // the app's last lines may still be on their way through the pipe
        }
        assertTrue(output().contains(summary), "expected '" + summary + "' in\n" + output());
      }
      System.out.println("AgentIT hostile backends, app output:\n" + output());
    } finally {
      elsewhere.close();
    }
  }

  @Test
  void underTheAgentAGrpcRejectionEchoingTheMetadataReachesNoLog() throws Exception {
    // Arize over OTLP/gRPC through the agent's OkHttp gRPC sender (the extension brings no
    // grpc-java), rejected UNAUTHENTICATED with a status description that lists the request's
    // metadata, its api_key included; Phoenix is healthy
    try (OtlpReceiver arizeGrpc = OtlpReceiver.startWithGrpc("arize gRPC receiver")) {
      arizeGrpc.respondEchoingHeaders(401);
      Path config = dir.resolve("otel-presets.yaml");
      Files.writeString(
          config,
          """
          presets:
            arize: { space_id: space-hostile, api_key: ${HOSTILE_ARIZE_KEY}, endpoint: %s }
            phoenix: { collector_endpoint: %s, project_name: agent-it }
          """
              .formatted(arizeGrpc.grpcEndpoint(), phoenix.tracesUrl()));
      String arizeKey = "ak-arize-grpc-secret-0815";
      int appPort =
          startApp(
              List.of("-Dotel.presets.callbacks=arize,phoenix", "-Dotel.logs.exporter=none"),
              Map.of("OTEL_PRESETS_CONFIG", config.toString(), "HOSTILE_ARIZE_KEY", arizeKey));
      chat(appPort);
      try {
        collector.awaitSpans(s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER, 1, WAIT);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\napp output:\n" + output(), e);
      }
      awaitRequest(arizeGrpc);
      stopApp();

      assertEquals(
          arizeKey, arizeGrpc.requests().get(0).header("api_key"), "Arize was sent its own key");
      List<String> ids = spanIds(collector);
      assertEquals(ids, spanIds(phoenix), "Phoenix received what the agent's exporter did");
      String log = output();
      for (String secret :
          List.of(
              arizeKey,
              Base64.getEncoder().encodeToString(arizeKey.getBytes(StandardCharsets.UTF_8)))) {
        assertFalse(log.contains(secret), "a credential in the agent's log:\n" + log);
      }
      String summary = "'arize' at shutdown: 0 span(s) exported, " + ids.size() + " failed";
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!output().contains(summary) && System.nanoTime() < until) {
        Thread.sleep(50); // the app's last lines may still be on their way through the pipe
      }
      assertTrue(output().contains(summary), "expected '" + summary + "' in\n" + output());
    }
  }

  /** Waits until {@code receiver} was asked at least once, whatever it answered. */
  private void awaitRequest(OtlpReceiver receiver) throws InterruptedException {
    long until = System.nanoTime() + WAIT.toNanos();
    while (receiver.requests().isEmpty()) {
      if (System.nanoTime() > until) {
        throw new AssertionError(receiver.name() + " was never asked\n" + output());
      }
      Thread.sleep(50);
    }
  }

  private static List<String> spansOf(ReceivedRequest q) {
    List<String> ids = new ArrayList<>();
    q.traces()
        .ifPresent(
            t ->
                t.getResourceSpansList()
                    .forEach(
                        rs ->
                            rs.getScopeSpansList()
                                .forEach(
                                    ss ->
                                        ss.getSpansList()
                                            .forEach(
                                                sp ->
                                                    ids.add(
                                                        HexFormat.of()
                                                            .formatHex(
                                                                sp.getSpanId().toByteArray()))))));
    return ids;
  }

  private static String eventName(LogRecord r) {
    return r.getAttributesList().stream()
        .filter(a -> a.getKey().equals("event.name"))
        .map(a -> a.getValue().getStringValue())
        .findFirst()
        .orElse(r.getEventName());
  }

  /**
   * Starts {@link AgentApp} under the real agent with the extension, its traces (and, unless
   * {@code props} say otherwise, logs) going to the collector receiver; returns its port.
   */
  private int startApp(List<String> props, Map<String, String> environment) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + requiredFile("otelpresets.it.agentJar"),
                "-Dotel.javaagent.extensions=" + requiredFile("otelpresets.it.extensionJar"),
                "-Dotel.service.name=agent-it-app",
                "-Dotel.traces.exporter=otlp",
                "-Dotel.exporter.otlp.protocol=http/protobuf",
                "-Dotel.exporter.otlp.endpoint=" + collector.baseUrl(),
                "-Dotel.metrics.exporter=none",
                "-Dotel.bsp.schedule.delay=100",
                "-Dotel.blrp.schedule.delay=100",
                "-Dotel.javaagent.logging=simple",
                "-Dapp.openai.base-url=http://127.0.0.1:" + openai.getAddress().getPort() + "/v1"));
    cmd.addAll(props);
    cmd.addAll(List.of("-cp", appClasspath(), AgentApp.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet()
        .removeIf(
            k ->
                k.startsWith("OTEL_")
                    || k.startsWith("LANGFUSE_")
                    || k.startsWith("PHOENIX_")
                    || k.startsWith("ARIZE_")
                    || k.startsWith("TEAM_"));
    env.putAll(environment);
    app = pb.start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  appOutput.add(line);
                  if (line.startsWith("APP_PORT=")) {
                    port.complete(Integer.parseInt(line.substring("APP_PORT=".length()).trim()));
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              } finally {
                port.completeExceptionally(new AssertionError("app ended before it was ready"));
              }
            },
            "agent-app-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return port.get(
          180, TimeUnit.SECONDS); // generous: the machine running the tests may be loaded
    } catch (Exception e) {
      throw new AssertionError("the app did not start: " + e + "\n" + output(), e);
    }
  }

  /** GET /chat with {@code headers} (name, value, ...); asserts the answer. */
  private void chat(int appPort, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + "/chat"))
            .timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body() + "\n" + output());
    assertEquals("Hello!", response.body());
  }

  /** Closes the app's standard input and waits for it to flush and exit. */
  private void stopApp() throws Exception {
    app.getOutputStream().close();
    assertTrue(app.waitFor(20, TimeUnit.SECONDS), "app did not exit\n" + output());
  }

  private ReceivedSpan one(OtlpReceiver receiver, Predicate<ReceivedSpan> match) {
    List<ReceivedSpan> found;
    try {
      found = receiver.awaitSpans(match, 1, WAIT);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\napp output:\n" + output(), e);
    }
    assertEquals(1, found.size(), receiver.name() + ": " + found);
    return found.get(0);
  }

  private static List<String> spanIds(OtlpReceiver receiver) {
    return receiver.spans().stream().map(ReceivedSpan::spanId).sorted().toList();
  }

  private static void assertNoKeys(ReceivedSpan span, String... prefixes) {
    for (String k : span.attributes().keySet()) {
      for (String p : prefixes) {
        assertFalse(k.startsWith(p), span + " carries " + k);
      }
    }
  }

  private String output() {
    synchronized (appOutput) {
      return String.join("\n", appOutput);
    }
  }

  private static boolean isOpenTelemetryApi(String entry) {
    String name = Path.of(entry).getFileName().toString();
    return name.startsWith("opentelemetry-api-")
        || name.startsWith("opentelemetry-context-")
        || name.startsWith("opentelemetry-common-");
  }

  private static String requiredFile(String property) {
    String path = System.getProperty(property);
    if (path == null || !new File(path).isFile()) {
      throw new IllegalStateException(
          "system property "
              + property
              + " = "
              + path
              + " is not a file; run this test with mvn verify (failsafe sets it)");
    }
    return path;
  }

  /**
   * The test classpath minus the OpenTelemetry SDK and otel-presets: the app sees only itself,
   * the OpenAI client and the OpenTelemetry API (which the agent bridges to its SDK), as a real
   * application under the agent would.
   */
  private static String appClasspath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(
            e ->
                !e.contains(
                        File.separator + "io" + File.separator + "opentelemetry" + File.separator)
                    || isOpenTelemetryApi(e))
        .filter(
            e ->
                !e.contains("otel-presets")
                    && !e.contains("otelpresets")
                    && !e.endsWith(File.separator + "classes"))
        .filter(
            e ->
                !e.contains(File.separator + "junit")
                    && !e.contains("opentest4j")
                    && !e.contains(File.separator + "slf4j" + File.separator))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
