package dev.otelpresets.app.demo;

import dev.otelpresets.app.gateway.Gateway;
import dev.otelpresets.app.gateway.GatewayConfig;
import dev.otelpresets.core.Environment;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.config.ConfigLoader;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.core.discovery.PresetRegistry;
import dev.otelpresets.core.internal.PresetSelection;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.testkit.FakeTokenEndpoint;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The zero-setup demo: an embedded OTLP receiver per preset on the classpath (and one for {@code
 * otel}), each preset pointed at its receiver purely through environment-style settings with dummy
 * credentials, the gateway with the mock model, sample traffic over real HTTP, and a report of what
 * every receiver got. Nothing is written to the real process environment.
 */
public final class Demo {
  /** The operator's key and the tenant's key of the demo gateway. */
  static final String OPERATOR_KEY = "sk-demo-operator";

  static final String TENANT_KEY = "sk-demo-team-a";
  static final String TEAM = "team-a";
  static final int REQUESTS_WITH_LLM_CALL = 6;
  static final int REQUESTS = 7;
  private static final Duration WAIT = Duration.ofSeconds(15);

  /** How one known preset is pointed at its receiver. */
  private record Wiring(
      BiFunction<OtlpReceiver, String, Map<String, String>> env,
      Map<String, String> tenantCredentials) {}

  private static final Map<String, Wiring> KNOWN = new LinkedHashMap<>();

  static {
    KNOWN.put(
        "arize",
        new Wiring(
            (r, token) ->
                Map.of(
                    "ARIZE_SPACE_ID",
                    "demo-space",
                    "ARIZE_API_KEY",
                    "demo-arize-key",
                    "ARIZE_PROJECT_NAME",
                    "otel-presets-demo",
                    // the HTTP endpoint switches Arize from gRPC to OTLP/HTTP
                    "ARIZE_HTTP_ENDPOINT",
                    r.tracesUrl()),
            Map.of(
                "arize_space_id",
                "team-a-space",
                "arize_api_key",
                "team-a-arize-key",
                "arize_project_name",
                "team-a")));
    KNOWN.put(
        "phoenix",
        new Wiring(
            (r, token) ->
                Map.of(
                    "PHOENIX_COLLECTOR_ENDPOINT",
                    r.baseUrl(),
                    "PHOENIX_API_KEY",
                    "demo-phoenix-key",
                    "PHOENIX_PROJECT_NAME",
                    "otel-presets-demo"),
            Map.of("phoenix_api_key", "team-a-phoenix-key", "phoenix_project_name", "team-a")));
    KNOWN.put(
        "langfuse",
        new Wiring(
            (r, token) ->
                Map.of(
                    "LANGFUSE_HOST",
                    r.baseUrl(),
                    "LANGFUSE_PUBLIC_KEY",
                    "pk-lf-demo",
                    "LANGFUSE_SECRET_KEY",
                    "sk-lf-demo"),
            Map.of("langfuse_public_key", "pk-lf-team-a", "langfuse_secret_key", "sk-lf-team-a")));
    KNOWN.put(
        "weave",
        new Wiring(
            (r, token) ->
                Map.of(
                    "WANDB_HOST",
                    r.baseUrl(),
                    "WANDB_API_KEY",
                    "demo-wandb-key",
                    "WANDB_PROJECT_ID",
                    "demo-entity/otel-presets-demo"),
            Map.of("wandb_api_key", "team-a-wandb-key", "weave_project_id", "team-a/demo")));
    KNOWN.put(
        "levo",
        new Wiring(
            (r, token) ->
                Map.of(
                    "LEVOAI_COLLECTOR_URL",
                    r.baseUrl(),
                    "LEVOAI_API_KEY",
                    "demo-levo-key",
                    "LEVOAI_ORG_ID",
                    "demo-org",
                    "LEVOAI_WORKSPACE_ID",
                    "demo-workspace"),
            Map.of()));
    KNOWN.put(
        "agentops",
        new Wiring(
            (r, token) ->
                Map.of(
                    "AGENTOPS_API_KEY",
                    "demo-agentops-key",
                    "AGENTOPS_API_ENDPOINT",
                    token,
                    "AGENTOPS_EXPORTER_ENDPOINT",
                    r.tracesUrl()),
            Map.of()));
    // autoconfigure also reads the process's OTEL_* variables and otel.* system properties: every
    // one that decides whether and where the demo's collector data goes is pinned, so a shell
    // with OTEL_TRACES_EXPORTER=none or a signal's own endpoint still runs the demo locally
    KNOWN.put(
        "otel",
        new Wiring(
            (r, token) ->
                Map.ofEntries(
                    Map.entry("OTEL_SDK_DISABLED", "false"),
                    Map.entry("OTEL_TRACES_EXPORTER", "otlp"),
                    Map.entry("OTEL_METRICS_EXPORTER", "otlp"),
                    Map.entry("OTEL_LOGS_EXPORTER", "none"),
                    Map.entry("OTEL_TRACES_SAMPLER", "parentbased_always_on"),
                    Map.entry("OTEL_EXPORTER_OTLP_ENDPOINT", r.baseUrl()),
                    Map.entry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
                    Map.entry("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", r.tracesUrl()),
                    Map.entry("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf"),
                    Map.entry("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", r.metricsUrl()),
                    Map.entry("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "http/protobuf"),
                    Map.entry("OTEL_EXPORTER_OTLP_HEADERS", ""),
                    Map.entry("OTEL_EXPORTER_OTLP_TRACES_HEADERS", ""),
                    Map.entry("OTEL_EXPORTER_OTLP_METRICS_HEADERS", ""),
                    Map.entry("OTEL_METRIC_EXPORT_INTERVAL", "1000")),
            Map.of()));
  }

  /** One backend's row of the report. */
  public record Row(
      String name,
      String owner,
      String status,
      int spans,
      int traces,
      List<String> vocabulary,
      List<String> vocabularyKeys,
      List<String> auth,
      List<String> paths,
      int metrics,
      Map<String, Object> resource) {}

  /** One request of the sample traffic. */
  public record Sent(String name, int expected, int status) {
    public boolean ok() {
      return expected == status;
    }
  }

  /** What the demo did and saw. */
  public record Result(
      String gatewayUrl,
      List<Sent> requests,
      List<Row> rows,
      int tokenRequests,
      boolean tenantApi) {
    public boolean ok() {
      return requests.stream().allMatch(Sent::ok)
          && rows.stream().filter(r -> r.status().equals("demoed")).allMatch(r -> r.spans() > 0);
    }
  }

  private final ClassLoader loader;
  private final java.util.function.Consumer<String> progress;

  public Demo(ClassLoader loader, java.util.function.Consumer<String> progress) {
    this.loader = loader;
    long start = System.nanoTime();
    this.progress =
        line ->
            progress.accept(
                String.format(
                    Locale.ROOT, "[%5.1f s] %s", (System.nanoTime() - start) / 1e9, line));
  }

  /** Runs the demo end to end. */
  public Result run() {
    PresetRegistry registry = PresetRegistry.load(loader);
    Map<String, OtlpReceiver> receivers = new LinkedHashMap<>();
    Map<String, String> notDemoed = new LinkedHashMap<>();
    FakeTokenEndpoint tokenServer = FakeTokenEndpoint.start();
    try {
      String tokenUrl = tokenServer.baseUrl();
      Map<String, String> env = new TreeMap<>();
      env.put("OTEL_BSP_SCHEDULE_DELAY", "200");
      for (PresetProvider p : registry.providers()) {
        if (!KNOWN.containsKey(p.name())) {
          notDemoed.put(p.name(), "not demoed (no demo endpoint known)");
          continue;
        }
        OtlpReceiver r = OtlpReceiver.start(p.name() + " receiver");
        receivers.put(p.name(), r);
        env.putAll(KNOWN.get(p.name()).env().apply(r, tokenUrl));
      }
      // a preset that cannot start with the demo settings is reported, not fatal
      for (String name : new ArrayList<>(receivers.keySet())) {
        try {
          OtelPresetsConfig single =
              ConfigLoader.create(Environment.of(env))
                  .parse("callbacks: [" + name + "]\n", "<demo>");
          PresetSelection.resolve(single, registry, Environment.of(env), true);
        } catch (RuntimeException e) {
          notDemoed.put(name, "not demoed: " + e.getMessage());
          receivers.remove(name).close();
        }
      }
      String yaml = yaml(receivers.keySet());
      progress.accept(
          "started "
              + receivers.size()
              + " OTLP receivers: "
              + String.join(", ", receivers.keySet()));
      OtelPresetsConfig cfg =
          GatewayConfig.loader(Environment.of(env)).parse(yaml, "<demo config>");
      GatewayConfig gatewayConfig = GatewayConfig.from(cfg);
      List<Sent> sent;
      String url;
      boolean tenantApi;
      try (GenAiTelemetry telemetry =
          OtelPresets.builder().config(cfg).environment(env).classLoader(loader).build()) {
        try (Gateway gateway =
            Gateway.builder(telemetry, gatewayConfig)
                .serverOpenTelemetry(
                    cfg.publishGlobal() ? GlobalOpenTelemetry.get() : telemetry.openTelemetry())
                .port(0)
                .start()) {
          url = gateway.baseUrl().toString();
          tenantApi = gateway.tenantCredentialsSupported();
          progress.accept(
              "gateway with the mock model on " + url + "; sending " + REQUESTS + " requests");
          sent = traffic(gateway.baseUrl());
        }
        progress.accept("traffic done; flushing every exporter");
        telemetry.forceFlush(WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        int expected = REQUESTS + REQUESTS_WITH_LLM_CALL;
        for (OtlpReceiver r : receivers.values()) {
          long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
          try {
            r.awaitSpans(expected, Duration.ofMillis(left));
          } catch (AssertionError tooFew) {
            // reported in the table
          }
        }
        progress.accept("receivers have the spans; shutting down");
      }
      progress.accept("all exporters flushed and shut down");
      List<Row> rows = new ArrayList<>();
      for (Map.Entry<String, OtlpReceiver> e : receivers.entrySet()) {
        rows.add(row(e.getKey(), registry, e.getValue()));
      }
      notDemoed.forEach(
          (name, why) ->
              rows.add(
                  new Row(
                      name,
                      registry.find(name).map(p -> p.owner().id()).orElse("?"),
                      why,
                      0,
                      0,
                      List.of(),
                      List.of(),
                      List.of(),
                      List.of(),
                      0,
                      Map.of())));
      return new Result(url, sent, rows, tokenServer.calls(), tenantApi);
    } finally {
      receivers.values().forEach(OtlpReceiver::close);
      tokenServer.close();
    }
  }

  private static String yaml(Set<String> presets) {
    StringBuilder y = new StringBuilder();
    y.append("callbacks: [").append(String.join(", ", presets)).append("]\n");
    y.append("settings:\n  service_name: otel-presets-demo\n");
    y.append("  capture_message_content: span_only\n  shutdown_hook: false\n");
    y.append("models:\n");
    y.append("  - name: demo-gpt\n    provider: openai\n    upstream: mock\n");
    y.append("    mock_latency_ms: 20\n");
    y.append("  - name: demo-fail\n    provider: openai\n    upstream: mock\n");
    y.append("keys:\n  ").append(OPERATOR_KEY).append(": {}\n");
    y.append("  ").append(TENANT_KEY).append(":\n    team: ").append(TEAM).append("\n");
    StringBuilder creds = new StringBuilder();
    for (String p : presets) {
      Map<String, String> c = KNOWN.get(p).tenantCredentials();
      if (!c.isEmpty()) {
        creds.append("      ").append(p).append(":\n");
        new TreeMap<>(c)
            .forEach(
                (k, v) -> creds.append("        ").append(k).append(": ").append(v).append("\n"));
      }
    }
    if (creds.length() > 0) {
      y.append("    credentials:\n").append(creds);
    }
    return y.toString();
  }

  private static List<Sent> traffic(URI base) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String user = "{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}";
    String tools =
        "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"Current weather of a city\",\"parameters\":{\"type\":\"object\","
            + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]";
    List<Sent> out = new ArrayList<>();
    out.add(
        send(
            client,
            base,
            "plain chat",
            OPERATOR_KEY,
            200,
            "{\"model\":\"demo-gpt\",\"messages\":[" + user + "],\"temperature\":0.2}"));
    out.add(
        send(
            client,
            base,
            "streamed chat",
            OPERATOR_KEY,
            200,
            "{\"model\":\"demo-gpt\",\"stream\":true,\"messages\":[" + user + "]}"));
    out.add(
        send(
            client,
            base,
            "chat with tool calls",
            OPERATOR_KEY,
            200,
            "{\"model\":\"demo-gpt\",\"messages\":[" + user + "]," + tools + "}"));
    out.add(
        send(
            client,
            base,
            Gateway.EMBEDDINGS_ROUTE,
            "embeddings",
            OPERATOR_KEY,
            200,
            "{\"model\":\"demo-gpt\",\"input\":[\"Paris\",\"weather in Paris\"]}"));
    out.add(
        send(
            client,
            base,
            "failing call",
            OPERATOR_KEY,
            500,
            "{\"model\":\"demo-fail\",\"messages\":[" + user + "]}"));
    out.add(
        send(
            client,
            base,
            "tenant request (" + TEAM + ")",
            TENANT_KEY,
            200,
            "{\"model\":\"demo-gpt\",\"messages\":[" + user + "],\"user\":\"alice\"}"));
    out.add(
        send(
            client,
            base,
            "unknown API key",
            "sk-wrong",
            401,
            "{\"model\":\"demo-gpt\",\"messages\":[" + user + "]}"));
    return out;
  }

  private static Sent send(
      HttpClient client, URI base, String name, String key, int expected, String body) {
    return send(client, base, Gateway.CHAT_ROUTE, name, key, expected, body);
  }

  private static Sent send(
      HttpClient client,
      URI base,
      String route,
      String name,
      String key,
      int expected,
      String body) {
    HttpRequest req =
        HttpRequest.newBuilder(base.resolve(route))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
      return new Sent(name, expected, r.statusCode());
    } catch (IOException e) {
      return new Sent(name, expected, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Sent(name, expected, -1);
    }
  }

  private static Row row(String name, PresetRegistry registry, OtlpReceiver r) {
    List<ReceivedSpan> spans = r.spans();
    Set<String> traces = new LinkedHashSet<>();
    Set<String> keys = new TreeSet<>();
    Map<String, Object> resource = new TreeMap<>();
    for (ReceivedSpan s : spans) {
      traces.add(s.traceId());
      keys.addAll(s.attributes().keySet());
      s.resourceAttributes()
          .forEach(
              (k, v) -> {
                if (!k.startsWith("telemetry.")
                    && !k.startsWith("process.")
                    && !k.startsWith("host.")
                    && !k.startsWith("os.")) {
                  // a tenant's export may carry its own (e.g. its project): show every value
                  String value = String.valueOf(v);
                  resource.merge(
                      k,
                      value,
                      (a, b) ->
                          java.util.Arrays.asList(((String) a).split(" \\| ")).contains(b)
                              ? a
                              : a + " | " + b);
                }
              });
    }
    Map<String, Integer> auth = new LinkedHashMap<>();
    Set<String> paths = new LinkedHashSet<>();
    int metrics = r.metrics().size();
    for (ReceivedRequest req : r.requests()) {
      paths.add(req.path());
      if (req.traces().isEmpty()) {
        continue;
      }
      List<String> parts = new ArrayList<>();
      req.headers()
          .forEach(
              (h, values) -> {
                if (isAuthHeader(h)) {
                  parts.add(h + ": " + redact(h, values.isEmpty() ? "" : values.get(0)));
                }
              });
      auth.merge(parts.isEmpty() ? "(no credentials)" : String.join(", ", parts), 1, Integer::sum);
    }
    List<String> authList = new ArrayList<>();
    auth.forEach((k, n) -> authList.add(k + " (" + n + " export" + (n == 1 ? "" : "s") + ")"));
    return new Row(
        name,
        registry.find(name).map(p -> p.owner().id()).orElse("?"),
        "demoed",
        spans.size(),
        traces.size(),
        vocabulary(keys),
        vocabularyKeys(keys),
        authList,
        new ArrayList<>(paths),
        metrics,
        resource);
  }

  private static final Set<String> GENERIC =
      Set.of(
          "http",
          "url",
          "server",
          "error",
          "user_agent",
          "network",
          "user",
          "session",
          "exception",
          "client");

  /**
   * Every span attribute key the backend received, sorted, generic HTTP ones (those {@link
   * #vocabulary} leaves out) left out: the backend's vocabulary as it saw it.
   */
  static List<String> vocabularyKeys(Set<String> keys) {
    List<String> out = new ArrayList<>();
    for (String k : keys) {
      int dot = k.indexOf('.');
      if (!GENERIC.contains(dot < 0 ? k : k.substring(0, dot))) {
        out.add(k);
      }
    }
    out.sort(null);
    return out;
  }

  /** The most frequent attribute-key prefixes, generic HTTP ones left out. */
  static List<String> vocabulary(Set<String> keys) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String k : keys) {
      int dot = k.indexOf('.');
      String prefix = dot < 0 ? k : k.substring(0, dot);
      if (!GENERIC.contains(prefix)) {
        counts.merge(dot < 0 ? prefix : prefix + ".*", 1, Integer::sum);
      }
    }
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(
        (a, b) ->
            b.getValue() != a.getValue().intValue()
                ? Integer.compare(b.getValue(), a.getValue())
                : a.getKey().compareTo(b.getKey()));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(4, sorted.size()); i++) {
      out.add(sorted.get(i).getKey() + " (" + sorted.get(i).getValue() + ")");
    }
    return out;
  }

  static boolean isAuthHeader(String name) {
    String h = name.toLowerCase(Locale.ROOT);
    return h.equals("authorization")
        || h.contains("key")
        || h.contains("token")
        || h.contains("secret")
        || h.contains("space")
        || h.contains("project")
        || h.contains("organization")
        || h.contains("workspace")
        || h.startsWith("x-langfuse");
  }

  /** A header value as it may be shown: secrets replaced by a short fingerprint. */
  static String redact(String name, String value) {
    String h = name.toLowerCase(Locale.ROOT);
    if (h.equals("authorization")) {
      int sp = value.indexOf(' ');
      String scheme = sp < 0 ? "" : value.substring(0, sp);
      String cred = sp < 0 ? value : value.substring(sp + 1);
      if (scheme.equalsIgnoreCase("Basic")) {
        try {
          String decoded =
              new String(Base64.getDecoder().decode(cred.trim()), StandardCharsets.UTF_8);
          int colon = decoded.indexOf(':');
          if (colon >= 0) {
            // the user part is a public key or a fixed name ("api"), never the secret
            return "Basic " + decoded.substring(0, colon) + ":" + fingerprint(decoded);
          }
        } catch (IllegalArgumentException notBase64) {
          // fall through
        }
      }
      return (scheme.isEmpty() ? "" : scheme + " ") + fingerprint(cred);
    }
    if (h.contains("project")
        || h.contains("organization")
        || h.contains("workspace")
        || h.startsWith("x-langfuse")) {
      return value; // routing ids and versions, not secrets
    }
    return fingerprint(value);
  }

  /** {@code <redacted #abcd>}: tells values apart without revealing them. */
  static String fingerprint(String secret) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return "<redacted #" + HexFormat.of().formatHex(d, 0, 2) + ">";
    } catch (NoSuchAlgorithmException e) {
      return "<redacted>";
    }
  }

  /** The settings that point preset {@code name} at {@code receiver}, or null when unknown. */
  public static Map<String, String> settingsFor(
      String name, OtlpReceiver receiver, String tokenUrl) {
    Wiring w = KNOWN.get(name);
    return w == null ? null : w.env().apply(receiver, tokenUrl);
  }

  /** The demo tenant's credentials for preset {@code name} (empty when it has none). */
  public static Map<String, String> tenantCredentialsFor(String name) {
    Wiring w = KNOWN.get(name);
    return w == null ? Map.of() : w.tenantCredentials();
  }
}
