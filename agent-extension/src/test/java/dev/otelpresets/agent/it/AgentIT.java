package dev.otelpresets.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedSpan;
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
import java.util.Collections;
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
  private static final String COMPLETION = """
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
  private HttpServer openai;
  private final AtomicInteger openaiCalls = new AtomicInteger();
  private Process app;
  private final List<String> appOutput = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws IOException {
    langfuse = OtlpReceiver.start("langfuse receiver");
    phoenix = OtlpReceiver.start("phoenix receiver");
    collector = OtlpReceiver.start("agent's own OTLP receiver");
    openai = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    openai.createContext("/v1/chat/completions", exchange -> {
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
  }

  @Test
  void openAiCallUnderTheAgentReachesEveryBackendOnceInItsVocabulary() throws Exception {
    Path config = dir.resolve("otel-presets.yaml");
    Files.writeString(config, """
        presets:
          phoenix:
            collector_endpoint: %s
            project_name: agent-it
        """.formatted(phoenix.tracesUrl()));

    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-javaagent:" + requiredFile("otelpresets.it.agentJar"),
        "-Dotel.javaagent.extensions=" + requiredFile("otelpresets.it.extensionJar"),
        "-Dotel.presets.callbacks=langfuse,phoenix",
        "-Dotel.service.name=agent-it-app",
        "-Dotel.traces.exporter=otlp",
        "-Dotel.exporter.otlp.protocol=http/protobuf",
        "-Dotel.exporter.otlp.endpoint=" + collector.baseUrl(),
        "-Dotel.metrics.exporter=none",
        "-Dotel.logs.exporter=none",
        "-Dotel.bsp.schedule.delay=100",
        "-Dotel.javaagent.logging=simple",
        "-Dapp.openai.base-url=http://127.0.0.1:" + openai.getAddress().getPort() + "/v1",
        "-cp", appClasspath(),
        AgentApp.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("LANGFUSE_")
        || k.startsWith("PHOENIX_"));
    // the config path and Langfuse's credentials come from the environment, the callbacks from a
    // system property: both spellings reach the extension through the agent's ConfigProperties
    env.put("OTEL_PRESETS_CONFIG", config.toString());
    env.put("LANGFUSE_PUBLIC_KEY", "pk-lf-agent-it");
    env.put("LANGFUSE_SECRET_KEY", "sk-lf-agent-it");
    env.put("LANGFUSE_HOST", langfuse.baseUrl());
    long t0 = System.nanoTime();
    app = pb.start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(app.getInputStream(),
          StandardCharsets.UTF_8))) {
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
    }, "agent-app-output");
    reader.setDaemon(true);
    reader.start();
    int appPort;
    try {
      appPort = port.get(180, TimeUnit.SECONDS); // generous: the machine running the tests may be loaded
    } catch (Exception e) {
      throw new AssertionError("the app did not start: " + e + "\n" + output(), e);
    }
    long started = System.nanoTime();

    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + "/chat"))
            .timeout(Duration.ofSeconds(20)).build(),
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
    assertTrue(server.scope().getName().startsWith("io.opentelemetry.java-http-server"),
        "server span from the agent's own instrumentation: " + server.scope().getName());
    assertTrue(llm.scope().getName().startsWith("io.opentelemetry.openai-java"),
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
    String summary = "'langfuse' at shutdown: " + ids.size() + " span(s) exported, 0 failed, 0"
        + " dropped on a full queue, 0 abandoned, 0 sampled out";
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!output().contains(summary) && System.nanoTime() < until) {
      Thread.sleep(50); // the app's last lines may still be on their way through the pipe
    }
    assertTrue(output().contains(summary), "expected '" + summary + "' in\n" + output());
    System.out.printf("AgentIT: app start %.1f s, request-to-assertions %.1f s, total %.1f s;"
        + " spans per backend: %d (%s)%n", (started - t0) / 1e9,
        (System.nanoTime() - started) / 1e9, (System.nanoTime() - t0) / 1e9, ids.size(),
        collector.spans().stream().map(s -> s.kind() + " " + s.name())
            .collect(Collectors.joining(", ")));
    System.out.println("app output:\n" + output());
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

  private static String requiredFile(String property) {
    String path = System.getProperty(property);
    if (path == null || !new File(path).isFile()) {
      throw new IllegalStateException("system property " + property + " = " + path
          + " is not a file; run this test with mvn verify (failsafe sets it)");
    }
    return path;
  }

  /**
   * The test classpath minus OpenTelemetry and otel-presets: the app sees only itself and the
   * OpenAI client, as a real application under the agent would.
   */
  private static String appClasspath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path")
            .split(File.pathSeparator))
        .filter(e -> !e.contains(File.separator + "io" + File.separator + "opentelemetry"
            + File.separator))
        .filter(e -> !e.contains("otel-presets") && !e.contains("otelpresets")
            && !e.endsWith(File.separator + "classes"))
        .filter(e -> !e.contains(File.separator + "junit") && !e.contains("opentest4j")
            && !e.contains(File.separator + "slf4j" + File.separator))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
