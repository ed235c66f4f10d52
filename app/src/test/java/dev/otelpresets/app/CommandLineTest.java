package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otelpresets.app.cli.Cli;
import dev.otelpresets.core.discovery.PresetRegistry;
import dev.otelpresets.testkit.OtlpReceiver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** presets, doctor, demo and --help, run in-process through picocli. */
class CommandLineTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(Cli.of(env));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void helpWorksForEveryCommandWithExamples() {
    for (String cmd : new String[] {"presets", "doctor", "serve", "demo"}) {
      Run r = run(Map.of(), cmd, "--help");
      assertEquals(0, r.exit(), cmd);
      assertTrue(r.out().contains("Usage: otel-presets " + cmd), r.out());
      assertTrue(r.out().contains("otel-presets " + cmd), r.out());
      assertTrue(r.out().contains("Examples"), cmd + ": " + r.out());
    }
    Run top = run(Map.of(), "--help");
    assertEquals(0, top.exit());
    for (String cmd : new String[] {"presets", "doctor", "serve", "demo"}) {
      assertTrue(top.out().contains(cmd), top.out());
    }
    Run version = run(Map.of(), "--version");
    assertEquals(0, version.exit());
    // the pom's project.version (surefire hands it over), the same one the spans' scope carries
    String expected = System.getProperty("otelpresets.test.projectVersion");
    assertTrue(expected != null && !expected.isBlank(), "run through Maven");
    assertEquals(
        "otel-presets " + expected, version.out().lines().findFirst().orElse(""), version.out());
  }

  @Test
  void presetsAndDoctorHelpSayWhatTheyShow() {
    String presets = run(Map.of(), "presets", "--help").out().replaceAll("\\s+", " ");
    assertTrue(presets.contains("its default when nothing sets it"), presets);
    assertTrue(presets.contains("or unless another setting is set"), presets);
    assertTrue(presets.contains("the SDK's own default applies (doctor shows it)"), presets);
    String doctor = run(Map.of(), "doctor", "--help").out().replaceAll("\\s+", " ");
    assertTrue(
        doctor.contains("the content capture mode and the content recorded on spans"), doctor);
    assertTrue(doctor.contains("each preset's settings that have a value"), doctor);
  }

  @Test
  void serveHelpNamesEveryEndpoint() {
    String help = run(Map.of(), "serve", "--help").out().replaceAll("\\s+", " ");
    for (String endpoint :
        new String[] {
          "POST /v1/chat/completions", "POST /v1/embeddings", "GET /v1/models", "GET /health"
        }) {
      assertTrue(help.contains(endpoint), endpoint + " in: " + help);
    }
  }

  @Test
  void serveHelpShowsConfigVariablesLiterallyNeverTheirValues() {
    // picocli would expand ${NAME} in help text from system properties and the environment,
    // printing a real secret (or "null") where the example config shows a variable
    System.setProperty("OPENAI_API_KEY", "sk-help-leak-check");
    try {
      Run r = run(Map.of(), "serve", "--help");
      assertEquals(0, r.exit());
      assertTrue(r.out().contains("api_key: ${OPENAI_API_KEY}"), r.out());
      assertTrue(r.out().contains("langfuse_secret_key: ${TEAM_A_LF_SECRET}"), r.out());
      assertFalse(r.out().contains("sk-help-leak-check"), r.out());
      assertFalse(r.out().contains(": null"), r.out());
    } finally {
      System.clearProperty("OPENAI_API_KEY");
    }
  }

  @Test
  void badUsageIsOneLineAndExit2() {
    Run r = run(Map.of(), "doctor");
    assertEquals(2, r.exit());
    assertTrue(
        r.err().startsWith("otel-presets: Missing required option: '--config=FILE'"), r.err());
    assertFalse(r.err().contains("at picocli"), r.err());
    Run unknown = run(Map.of(), "nonsense");
    assertEquals(2, unknown.exit());
    Run port = run(Map.of(), "serve", "--config", "any.yaml", "--port", "99999");
    assertEquals(2, port.exit(), port.err());
    assertTrue(
        port.err().startsWith("otel-presets: Invalid value for option '--port': 99999"),
        port.err());
    assertFalse(port.err().contains("unexpected error"), port.err());
    Run body = run(Map.of(), "serve", "--config", "any.yaml", "--max-body-bytes", "-5");
    assertEquals(2, body.exit(), body.err());
    assertTrue(
        body.err().startsWith("otel-presets: Invalid value for option '--max-body-bytes': -5"),
        body.err());
  }

  @Test
  void presetsListsOtelAndNeverPrintsASecret() {
    Run r =
        run(
            Map.of(
                "OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer super-secret-header-value",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector.example:4318",
                "LANGFUSE_SECRET_KEY", "sk-lf-super-secret-value",
                "ARIZE_API_KEY", "arize-super-secret-value"),
            "presets");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("\notel"), r.out());
    assertTrue(r.out().contains("OTEL_EXPORTER_OTLP_HEADERS"), r.out());
    assertTrue(r.out().contains("set (env OTEL_EXPORTER_OTLP_HEADERS, value hidden)"), r.out());
    assertTrue(r.out().contains("http://collector.example:4318"), "non-secret values shown");
    for (String secret :
        new String[] {
          "super-secret-header-value", "sk-lf-super-secret-value", "arize-super-secret-value"
        }) {
      assertFalse(r.out().contains(secret), r.out());
      assertFalse(r.err().contains(secret), r.err());
    }
    for (var p : PresetRegistry.load(getClass().getClassLoader()).providers()) {
      assertTrue(r.out().contains("\n" + p.name()), p.name());
    }
    // the keys every preset takes besides its own, each with its values and default
    assertTrue(r.out().contains("Every preset, otel included, also takes under presets.<name>"));
    for (String key : dev.otelpresets.core.config.ConfigLoader.PRESET_KEYS) {
      assertTrue(r.out().contains("\n    " + key + " "), key + " in: " + r.out());
    }
    assertTrue(r.out().contains("gzip or none"), r.out());
  }

  @Test
  void presetsWithAConfigFileShowsYamlValuesAndSelection() throws Exception {
    Path cfg =
        file(
            "c.yaml",
            "callbacks: [otel]\npresets:\n  otel:\n" + "    endpoint: http://from-yaml:4318\n");
    Run r = run(Map.of(), "presets", "--config", cfg.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("otel  [selected in callbacks]"), r.out());
    assertTrue(r.out().contains("http://from-yaml:4318"), r.out());
    assertTrue(r.out().contains("c.yaml:4:"), r.out());
  }

  /** The line of setting {@code key} in the {@code presets} block of {@code preset}. */
  static String settingLine(String presetsOut, String preset, String key) {
    String block = presetsOut.substring(presetsOut.indexOf("\n" + preset + "\n"));
    block = block.substring(0, (block + "\n\n").indexOf("\n\n", 1));
    return block
        .lines()
        .filter(l -> l.startsWith("    " + key + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError(preset + "." + key + " in: " + presetsOut));
  }

  @Test
  void presetsShowsWhereEveryPresetSendsByDefault() {
    Run r = run(Map.of(), "presets");
    assertEquals(0, r.exit(), r.err());
    String out = r.out();
    // Arize's default depends on which of its two endpoints is set: no declared default says it
    assertTrue(
        settingLine(out, "arize", "endpoint")
            .endsWith("  default: https://otlp.arize.com/v1 (gRPC) unless http_endpoint is set"),
        out);
    assertTrue(
        settingLine(out, "arize", "http_endpoint")
            .endsWith("  not set (spans go over gRPC to endpoint)"),
        out);
    // the others (but otel, whose unset endpoints are the SDK's defaults) declare theirs
    for (String[] preset :
        new String[][] {
          {"agentops", "exporter_endpoint"},
          {"langfuse", "host"},
          {"phoenix", "collector_endpoint"},
          {"weave", "host"}
        }) {
      assertTrue(
          settingLine(out, preset[0], preset[1]).contains("  default: http"),
          preset[0] + ": " + out);
    }
    // set, the value is shown and the note is not
    Run set = run(Map.of("ARIZE_HTTP_ENDPOINT", "https://otlp.example/v1"), "presets");
    assertTrue(
        settingLine(set.out(), "arize", "http_endpoint")
            .endsWith("  set (env ARIZE_HTTP_ENDPOINT): https://otlp.example/v1"),
        set.out());
  }

  @Test
  void doctorsSummaryValuesStartInOneColumn() throws Exception {
    Path cfg =
        file(
            "c.yaml",
            "callbacks: [otel, langfuse]\npresets:\n  langfuse:\n"
                + "    public_key: pk-lf-dummy\n    secret_key: sk-lf-dummy\n");
    Run r = run(Map.of(), "doctor", "--config", cfg.toString());
    assertTrue(r.exit() <= 1, r.out() + r.err());
    List<Integer> columns = new ArrayList<>();
    for (String label :
        new String[] {"callbacks:", "service.name:", "content capture:", "content recorded:"}) {
      String line =
          r.out()
              .lines()
              .filter(l -> l.startsWith("  " + label + " "))
              .findFirst()
              .orElseThrow(() -> new AssertionError(label + " in: " + r.out()));
      int column = line.indexOf(':') + 1;
      while (line.charAt(column) == ' ') {
        column++;
      }
      columns.add(column);
    }
    assertEquals(1, columns.stream().distinct().count(), columns + " in: " + r.out());
    assertTrue(r.out().contains("content recorded: no_content (on spans when"), r.out());
    // what a backend's queue does, with the settings it runs with
    assertTrue(
        r.out()
            .contains(
                "queue:     2048 spans, own export thread; batch 512, delay 5000 ms, export"
                    + " timeout 30000 ms, at most 2 requests in flight"),
        r.out());
  }

  @Test
  void doctorShowsOneRequestAtATimeWhenSet() throws Exception {
    Path cfg =
        file("one-in-flight.yaml", "callbacks: [otel]\nsettings:\n  max_requests_in_flight: 1\n");
    Run r = run(Map.of(), "doctor", "--config", cfg.toString());
    assertTrue(
        r.out().contains("export timeout 30000 ms, one request at a time"), r.out() + r.err());
  }

  /** Each exporter's compression and where it comes from: a preset's setting or default, OTEL_*. */
  @Test
  void doctorShowsEachExportersCompression() throws Exception {
    Path cfg =
        file(
            "compression.yaml",
            "callbacks: [phoenix, levo, otel]\npresets:\n  phoenix:\n    compression: none\n"
                + "  levo:\n    api_key: k\n    org_id: o\n    workspace_id: w\n"
                + "    collector_url: http://127.0.0.1:9\n");
    Run r =
        run(
            Map.of("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "gzip"),
            "doctor",
            "--config",
            cfg.toString());
    for (String[] expected :
        new String[][] {
          {"] phoenix ", "traces", "none (presets.phoenix.compression)"},
          {"] levo ", "traces", "gzip (the preset's default)"},
          {"] otel ", "traces", "gzip (OTEL_EXPORTER_OTLP_TRACES_COMPRESSION)"},
          {"] otel ", "metrics", "none (the Java SDK's default)"}
        }) {
      assertTrue(
          r.out()
              .lines()
              .anyMatch(
                  l ->
                      l.contains(expected[0])
                          && l.contains("signal=" + expected[1])
                          && l.endsWith("compression=" + expected[2])),
          String.join(" ", expected) + " in: " + r.out() + r.err());
    }
  }

  /** Where tenants' exporters may send and how many are kept: tenants.* shown, default marked. */
  @Test
  void doctorShowsTheTenantExportersAllowlistAndClientBound() throws Exception {
    Path set =
        file(
            "tenants.yaml",
            "callbacks: [otel]\ntenants:\n  allowed_hosts: [lf.internal.example.com,"
                + " \"px.internal.example.com:6006\"]\n  max_clients: 16\n");
    Run r = run(Map.of(), "doctor", "--config", set.toString());
    assertTrue(
        r.out()
            .contains(
                "allowed hosts: each backend's own endpoint and lf.internal.example.com,"
                    + " px.internal.example.com:6006 (tenants.allowed_hosts)"),
        r.out() + r.err());
    assertTrue(
        r.out()
            .contains(
                "at most 16 per backend, the least recently used shut down first"
                    + " (tenants.max_clients)"),
        r.out());
    Path gateway = file("gw.yaml", "callbacks: [otel]\nmodels:\n  - name: m\n");
    Run g = run(Map.of(), "doctor", "--config", gateway.toString());
    assertTrue(
        g.out()
            .contains(
                "allowed hosts: each backend's own endpoint only (tenants.allowed_hosts"
                    + " is empty)"),
        g.out() + g.err());
    assertTrue(g.out().contains("at most 256 per backend"), g.out());
    Path plain = file("plain.yaml", "callbacks: [otel]\n");
    assertFalse(
        run(Map.of(), "doctor", "--config", plain.toString()).out().contains("Tenant exporters"));
  }

  @Test
  void doctorShowsTheMetricsOnlySetupWithItsEndpointAndTracesOff() throws Exception {
    Path cfg = file("metrics-only.yaml", "callbacks: [otel]\n");
    String url = "http://127.0.0.1:9090/api/v1/otlp/v1/metrics";
    Run r =
        run(
            Map.of(
                "OTEL_TRACES_EXPORTER", "none",
                "OTEL_LOGS_EXPORTER", "none",
                "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "http/protobuf",
                "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", url,
                "OTEL_METRIC_EXPORT_INTERVAL", "1000",
                "OTEL_SERVICE_NAME", "metrics-only-gateway"),
            "doctor",
            "--config",
            cfg.toString());
    assertTrue(
        r.out().contains("endpoint:    " + url + "  (OTEL_EXPORTER_OTLP_METRICS_ENDPOINT)"),
        r.out());
    assertTrue(r.out().contains("interval:    1000 ms  (OTEL_METRIC_EXPORT_INTERVAL)"), r.out());
    assertTrue(r.out().contains("temporality: cumulative"), r.out());
    assertTrue(r.out().contains("traces: off (OTEL_TRACES_EXPORTER=none"), r.out());
    assertTrue(r.out().contains("traces are off"), r.out());
    assertTrue(r.out().contains("metrics-only-gateway (OTEL_SERVICE_NAME)"), r.out());
    assertEquals(1, r.exit(), "nothing receives traces: a warning");
  }

  /**
   * A preset without its credentials is shown with every setting it lacks, for every such preset,
   * and the rest of the configuration is diagnosed: the user sees at once what to set and where
   * the other data goes. Exit 2: serve would refuse this configuration.
   */
  @Test
  void doctorShowsEveryPresetWithoutCredentialsAndDiagnosesTheRest() throws Exception {
    Path cfg =
        file(
            "no-creds.yaml",
            "callbacks: [langfuse, weave, otel]\n"
                + "models:\n  - name: m\n"
                + "keys:\n  sk-a:\n    team: team-a\n    credentials:\n"
                + "      langfuse: { langfuse_public_key: pk-a, langfuse_secret_key: sk-a-secret }\n");
    Run r =
        run(
            Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317", "WANDB_API_KEY", "wk"),
            "doctor",
            "--config",
            cfg.toString());
    assertEquals(2, r.exit(), r.out() + r.err());
    String out = r.out();
    assertTrue(
        out.contains("callbacks:        langfuse (cannot start), weave (cannot start), otel"), out);
    // the rest is still diagnosed
    assertTrue(out.contains("otel  owner=otel  signal=traces"), out);
    assertTrue(out.contains("endpoint:  http://127.0.0.1:4317"), out);
    assertTrue(out.contains("\nMetrics\n"), out);
    assertTrue(
        out.contains(
            "ERROR: "
                + cfg
                + ":1:13: callbacks: preset 'langfuse' cannot start: it has no credentials"),
        out);
    assertTrue(
        out.contains(
            "preset 'langfuse' needs presets.langfuse.public_key (or environment variable"
                + " LANGFUSE_PUBLIC_KEY), which is not set."),
        out);
    assertTrue(out.contains("presets.langfuse.secret_key (or environment variable"), out);
    assertTrue(
        out.contains(
            "preset 'weave' needs presets.weave.project_id (or environment variable"
                + " WANDB_PROJECT_ID), which is not set."),
        out);
    assertFalse(out.contains("presets.weave.api_key (or"), "WANDB_API_KEY is set: " + out);
    assertTrue(out.contains("langfuse: CANNOT START: public_key NOT SET (required)"), out);
    assertTrue(out.contains("weave: CANNOT START: api_key set (env WANDB_API_KEY"), out);
    assertTrue(out.contains("credentials for 'langfuse' are not checked"), out);
    assertTrue(out.contains("2 error(s)"), out);
    assertFalse((out + r.err()).contains("sk-a-secret"), out);
    assertFalse((out + r.err()).contains("wk,") || out.contains(": wk"), out);
  }

  /** Every exporter says what queues its data: spans, log records, or none for metrics. */
  @Test
  void doctorShowsTheQueueOfEveryOtelSignal() throws Exception {
    Path cfg = file("otel.yaml", "callbacks: [otel]\n");
    Run r =
        run(
            Map.of(
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318",
                "OTEL_BLRP_MAX_QUEUE_SIZE", "300",
                "OTEL_METRIC_EXPORT_INTERVAL", "1500"),
            "doctor",
            "--config",
            cfg.toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    String[] sections = r.out().split("\n  \\[\\d\\] ");
    assertEquals(4, sections.length, r.out()); // header, then traces, metrics, logs
    assertTrue(sections[1].startsWith("otel  owner=otel  signal=traces"), r.out());
    assertTrue(sections[1].contains("queue:     2048 spans, own export thread"), r.out());
    assertTrue(sections[2].startsWith("otel  owner=otel  signal=metrics"), r.out());
    assertTrue(
        sections[2].contains(
            "queue:     none: a periodic reader exports the aggregated values every 1500 ms"),
        r.out());
    assertTrue(sections[3].startsWith("otel  owner=otel  signal=logs"), r.out());
    assertTrue(sections[3].contains("queue:     300 log records, own export thread"), r.out());
  }

  @Test
  void doctorWarnsAboutAMetricsEndpointWithoutTheSignalPathAndTheGrpcDefault() throws Exception {
    Path cfg = file("c.yaml", "callbacks: [otel]\n");
    Run r =
        run(
            Map.of(
                "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL",
                "http/protobuf",
                "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
                "http://127.0.0.1:9090/api/v1/otlp",
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://127.0.0.1:4318"),
            "doctor",
            "--config",
            cfg.toString());
    assertEquals(1, r.exit());
    assertTrue(r.out().contains("does not end in /v1/metrics"), r.out());
    // traces: the Java SDK's default protocol is grpc, and 4318 is the HTTP port
    assertTrue(r.out().contains("signal=traces  protocol=grpc (default"), r.out());
    assertTrue(r.out().contains("protocol is grpc but http://127.0.0.1:4318"), r.out());
  }

  @Test
  void doctorOnAHealthyConfigExits0AndProbesInWords() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start("collector")) {
      Path cfg = file("ok.yaml", "callbacks: [otel]\n");
      Map<String, String> env =
          Map.of(
              "OTEL_EXPORTER_OTLP_ENDPOINT",
              receiver.baseUrl(),
              "OTEL_EXPORTER_OTLP_PROTOCOL",
              "http/protobuf",
              "OTEL_EXPORTER_OTLP_HEADERS",
              "authorization=Bearer collector-secret",
              "OTEL_SERVICE_NAME",
              "svc");
      Run r = run(env, "doctor", "--config", cfg.toString(), "--probe");
      assertEquals(0, r.exit(), r.out());
      assertTrue(r.out().contains("endpoint:  " + receiver.baseUrl() + "/v1/traces"), r.out());
      assertTrue(r.out().contains("authorization: <redacted>"), r.out());
      assertFalse(r.out().contains("collector-secret"), r.out());
      assertTrue(r.out().contains("200: the collector accepted the export"), r.out());
      assertEquals(
          "Bearer collector-secret",
          receiver.requests().get(0).header("authorization"),
          "the probe sends the exporter's headers");
      assertTrue(receiver.spans().isEmpty(), "the probe export is empty");

      receiver.respondWith(401);
      Run rejected = run(env, "doctor", "--config", cfg.toString(), "--probe");
      assertEquals(1, rejected.exit());
      assertTrue(
          rejected.out().contains("401: the collector rejected the credentials"), rejected.out());
      assertTrue(rejected.out().strip().endsWith("failed probe(s)."), rejected.out());
    }
  }

  @Test
  void doctorShowsAgentOpsExporterAndTokenEndpointsWithoutTheKey() throws Exception {
    Path cfg = file("agentops.yaml", "callbacks: [agentops]\n");
    Run defaults =
        run(
            Map.of("AGENTOPS_API_KEY", "agentops-secret-api-key"),
            "doctor",
            "--config",
            cfg.toString());
    assertEquals(0, defaults.exit(), defaults.out());
    // the hosts of AgentOps' own SDK (otlp.agentops.cloud does not resolve)
    assertTrue(
        defaults.out().contains("endpoint:  https://otlp.agentops.ai/v1/traces"), defaults.out());
    assertTrue(
        defaults
            .out()
            .contains(
                "auth:      Bearer JWT fetched at export time (cached,"
                    + " refreshed) from POST https://api.agentops.ai/v3/auth/token"),
        defaults.out());

    Run custom =
        run(
            Map.of(
                "AGENTOPS_API_KEY",
                "agentops-secret-api-key",
                "AGENTOPS_API_ENDPOINT",
                "https://agentops-api.internal.example/",
                "AGENTOPS_EXPORTER_ENDPOINT",
                "https://agentops-otlp.internal.example"),
            "doctor",
            "--config",
            cfg.toString());
    assertTrue(
        custom.out().contains("endpoint:  https://agentops-otlp.internal.example/v1/traces"),
        custom.out());
    assertTrue(
        custom.out().contains("POST https://agentops-api.internal.example/v3/auth/token"),
        custom.out());
    for (Run r : new Run[] {defaults, custom}) {
      assertFalse((r.out() + r.err()).contains("agentops-secret-api-key"), r.out() + r.err());
    }
  }

  @Test
  void doctorShowsEachBackendsSampleRatio() throws Exception {
    Path cfg =
        file(
            "sampled.yaml",
            "callbacks: [agentops, otel]\npresets:\n  agentops:\n" + "    sample_ratio: 0.25\n");
    Run r =
        run(
            Map.of(
                "AGENTOPS_API_KEY",
                "agentops-secret-api-key",
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://127.0.0.1:4318",
                "OTEL_EXPORTER_OTLP_PROTOCOL",
                "http/protobuf"),
            "doctor",
            "--config",
            cfg.toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(
        r.out()
            .contains(
                "sampling:  0.25 of traces, whole traces by trace id;"
                    + " presets.agentops.sample_ratio"),
        r.out());
    assertTrue(r.out().contains("sampling:  1 (every trace); presets.otel.sample_ratio"), r.out());
    assertEquals(
        2,
        r.out().lines().filter(l -> l.contains("sampling:")).count(),
        "traces exporters only: " + r.out());

    for (String bad : new String[] {"1.5", "-1", "abc"}) {
      Path badCfg =
          file(
              "bad-ratio.yaml",
              "callbacks: [otel]\npresets:\n  otel:\n" + "    sample_ratio: " + bad + "\n");
      Run refused = run(Map.of(), "doctor", "--config", badCfg.toString());
      assertEquals(2, refused.exit(), refused.out());
      assertEquals(
          "otel-presets: "
              + badCfg
              + ":4:19: presets.otel.sample_ratio: must be a"
              + " number from 0 to 1, got '"
              + bad
              + "'; write a number from 0 (send no traces) to 1"
              + " (send every trace), e.g. 0.25",
          refused.err().strip());
    }
  }

  @Test
  void doctorNamesFileLineAndColumnOfABadConfigAndExits2() throws Exception {
    Path cfg = file("bad.yaml", "callbacks: [otel]\nsettings:\n  servce_name: x\n");
    Run r = run(Map.of(), "doctor", "--config", cfg.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("otel-presets: " + cfg + ":3:"), r.err());
    assertTrue(r.err().contains("Did you mean 'service_name'?"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    Path badModel =
        file("model.yaml", "callbacks: [otel]\nmodels:\n  - name: a\n" + "    upstream: ftp://x\n");
    Run m = run(Map.of(), "doctor", "--config", badModel.toString());
    assertEquals(2, m.exit());
    assertTrue(m.err().contains("model.yaml:4:15"), m.err());
    Run missing = run(Map.of(), "serve", "--config", dir.resolve("nope.yaml").toString());
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("does not exist"), missing.err());
  }

  @Test
  void doctorNamesABadOtelVariableAndExits2() throws Exception {
    Path cfg = file("metrics.yaml", "callbacks: [otel]\n");
    Run r = run(Map.of("OTEL_METRIC_EXPORT_INTERVAL", "abc"), "doctor", "--config", cfg.toString());
    assertEquals(2, r.exit(), r.out() + r.err());
    assertTrue(
        r.err().startsWith("otel-presets: invalid OpenTelemetry setting: ")
            && r.err().contains("OTEL_METRIC_EXPORT_INTERVAL")
            && r.err().contains("=abc"),
        r.err());
    assertFalse(r.err().contains("unexpected error"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  /** A bad OTEL_* value stops serve with its one line, not after the SDK's INFO chatter. */
  @Test
  void serveWithABadOtelValueSaysOnlyItsOneLine() throws Exception {
    Path cfg = file("gw.yaml", "callbacks: [otel]\nmodels:\n  - name: m\n");
    Run r;
    String logged;
    try (dev.otelpresets.testkit.LogCapture log = new dev.otelpresets.testkit.LogCapture()) {
      r =
          run(
              Map.of(
                  "OTEL_BSP_MAX_QUEUE_SIZE", "-1", "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
              "serve",
              "--config",
              cfg.toString(),
              "--port",
              "0");
      logged = log.text();
    }
    assertEquals(2, r.exit(), r.out() + r.err());
    assertTrue(r.err().startsWith("otel-presets: invalid OpenTelemetry setting"), r.err());
    assertTrue(
        r.err().contains("OTEL_BSP_MAX_QUEUE_SIZE (otel.bsp.max.queue.size)=-1. Must be positive."),
        r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertFalse(logged.contains("[JUL INFO]"), logged);
    // doctor says the same instead of "No problems found"
    Run d = run(Map.of("OTEL_BSP_MAX_QUEUE_SIZE", "-1"), "doctor", "--config", cfg.toString());
    assertEquals(2, d.exit(), d.out() + d.err());
    assertTrue(d.err().contains("OTEL_BSP_MAX_QUEUE_SIZE"), d.err());
  }

  /** serve refuses an exporter name autoconfigure cannot find; doctor says so, not "stdout". */
  @Test
  void doctorWarnsAboutAnExporterThatIsNotOnTheClasspath() throws Exception {
    Path cfg = file("console.yaml", "callbacks: [otel]\n");
    Run r = run(Map.of("OTEL_TRACES_EXPORTER", "console"), "doctor", "--config", cfg.toString());
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(
        r.out()
            .contains(
                "otel traces: autoconfigure would refuse to start: there is no 'console' exporter"
                    + " on the classpath (OTEL_TRACES_EXPORTER=console, from "),
        r.out());
    assertTrue(r.out().contains("Use one of: otlp, none."), r.out());
    assertFalse(r.out().contains("printed on stdout"), r.out());
    assertTrue(r.out().contains("Set OTEL_TRACES_EXPORTER=otlp"), r.out());
    assertFalse(r.out().contains("Remove OTEL_TRACES_EXPORTER=none"), r.out());
  }

  /**
   * An OTLP/HTTP URL under the SDK's default protocol, grpc: the most common first mistake. Both
   * doctor and serve say which setting holds it and that the protocol is what to change.
   */
  @Test
  void anEndpointWithAPathUnderGrpcNamesTheSettingAndTheProtocolFix() throws Exception {
    Path cfg =
        file(
            "grpc-path.yaml",
            "callbacks: [otel]\npresets:\n  otel:\n    endpoint: http://127.0.0.1:9/v1/traces\n"
                + "models:\n  - name: m\n    provider: openai\n");
    Run d = run(Map.of(), "doctor", "--config", cfg.toString());
    assertEquals(1, d.exit(), d.out() + d.err());
    assertTrue(
        d.out()
            .contains(
                "otel traces: autoconfigure would refuse to start: OTLP endpoint must not have a"
                    + " path: /v1/traces (presets.otel.endpoint at "
                    + cfg
                    + ":4:15): the protocol is grpc"),
        d.out());
    assertTrue(d.out().contains("set the protocol to http/protobuf"), d.out());
    Run s = run(Map.of(), "serve", "--config", cfg.toString(), "--port", "0");
    assertEquals(2, s.exit(), s.out() + s.err());
    assertEquals(1, s.err().lines().count(), s.err());
    assertTrue(s.err().contains("must not have a path: /v1/traces"), s.err());
    assertTrue(s.err().contains("the protocol is grpc (the Java SDK's default)"), s.err());
    assertTrue(s.err().contains("presets.otel.* in " + cfg), s.err());

    // under http/protobuf the base URL gets the signal path appended: the warning names the key
    Path http =
        file(
            "http-path.yaml",
            "callbacks: [otel]\npresets:\n  otel:\n    endpoint: http://127.0.0.1:9/v1/traces\n"
                + "    protocol: http/protobuf\n");
    Run h = run(Map.of(), "doctor", "--config", http.toString());
    assertEquals(1, h.exit(), h.out() + h.err());
    assertTrue(
        h.out()
            .contains(
                "has two signal paths: presets.otel.endpoint at "
                    + http
                    + ":4:15 is a base URL and the SDK appends /v1/traces to it. Drop the path"
                    + " from presets.otel.endpoint at "
                    + http
                    + ":4:15, or set the whole URL as the traces endpoint"
                    + " (presets.otel.traces_endpoint)."),
        h.out());
  }

  /** A taken port is said to be taken; a host that does not resolve is bad usage, not a port. */
  @Test
  void serveNamesATakenPortAndAnUnresolvableHost() throws Exception {
    Path cfg = file("listen.yaml", "callbacks: []\nmodels:\n  - name: m\n    provider: openai\n");
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Run r =
          run(
              Map.of(),
              "serve",
              "--config",
              cfg.toString(),
              "--port",
              String.valueOf(taken.getLocalPort()));
      assertEquals(1, r.exit(), r.out() + r.err());
      assertTrue(r.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), r.err());
      assertTrue(r.err().contains("is another process using the port? try --port"), r.err());
    }
    for (String[] flag :
        new String[][] {
          {"--max-model-calls", "0"}, {"--upstream-timeout", "0"}, {"--upstream-timeout", "3601"}
        }) {
      Run r = run(Map.of(), "serve", "--config", cfg.toString(), flag[0], flag[1]);
      assertEquals(2, r.exit(), r.out() + r.err());
      assertTrue(
          r.err()
              .startsWith("otel-presets: Invalid value for option '" + flag[0] + "': " + flag[1]),
          r.err());
    }
    Run bad = run(Map.of(), "serve", "--config", cfg.toString(), "--host", "no such\nhost");
    assertEquals(2, bad.exit(), bad.out() + bad.err());
    assertTrue(
        bad.err()
            .startsWith(
                "otel-presets: Invalid value for option '--host': 'no such\\nhost' is not an"
                    + " address or a host name this machine can resolve"),
        bad.err());
    assertFalse(bad.err().contains("try --port"), bad.err());
  }

  @Test
  void filesThatAreNotOneYamlDocumentExit2WithOneLine() throws Exception {
    Path twoDocs =
        file(
            "two.yaml",
            "callbacks: [otel]\nmodels:\n  - name: m\n---\nkeys:\n"
                + "  sk-only-this-caller: {}\n");
    Path binary = dir.resolve("app.bin");
    Files.write(binary, new byte[] {'c', 'a', 0, 1, (byte) 0xff});
    java.util.List<Path> bad = new java.util.ArrayList<>(java.util.List.of(twoDocs, binary, dir));
    if (Files.exists(Path.of("/dev/zero"))) {
      bad.add(Path.of("/dev/zero"));
    }
    for (Path p : bad) {
      for (String cmd : new String[] {"doctor", "serve", "presets"}) {
        Run r = run(Map.of(), cmd, "--config", p.toString());
        assertEquals(2, r.exit(), cmd + " " + p + ": " + r.out() + r.err());
        assertTrue(r.err().startsWith("otel-presets: ") && r.err().contains(p.toString()), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
      }
    }
    Path keysOnly = file("keys-only.yaml", "callbacks: [otel]\nkeys:\n  sk-a: {}\n");
    Run noModels = run(Map.of(), "doctor", "--config", keysOnly.toString());
    assertEquals(2, noModels.exit(), noModels.out());
    assertEquals(1, noModels.err().strip().lines().count(), noModels.err());
    assertTrue(
        noModels.err().contains("keys-only.yaml: the gateway needs a 'models:' section"),
        noModels.err());
    Run two = run(Map.of(), "serve", "--config", twoDocs.toString());
    assertTrue(two.err().contains("two.yaml:4:1: a second YAML document starts here"), two.err());
  }

  @Test
  void theIssuesGatewayYamlWithUnquotedVariablesInFlowMappingsIsAccepted() throws Exception {
    Path cfg =
        file(
            "gateway.yaml",
            "callbacks: [otel]\n"
                + "settings:\n  service_name: my-gateway\n  capture_message_content: span_only\n"
                + "models:\n  - name: gpt-4o-mini\n    provider: openai\n    upstream: mock\n"
                + "keys:\n  sk-operator: {}\n  sk-team-a:\n    team: team-a\n    credentials:\n"
                + "      arize: { arize_space_id: team-a-space, arize_api_key: ${TEAM_A_ARIZE_KEY} }\n"
                + "      langfuse: { langfuse_public_key: pk-a, langfuse_secret_key: ${TEAM_A_LF_SECRET} }"
                + "\n");
    Run r =
        run(
            Map.of(
                "TEAM_A_ARIZE_KEY",
                "team-a-arize-secret",
                "TEAM_A_LF_SECRET",
                "team-a-lf-secret",
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://127.0.0.1:4317"),
            "doctor",
            "--config",
            cfg.toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    assertFalse((r.out() + r.err()).contains("team-a-arize-secret"));
    Run unset = run(Map.of(), "doctor", "--config", cfg.toString());
    assertEquals(2, unset.exit());
    assertTrue(
        unset.err().contains("gateway.yaml:14:")
            && unset.err().contains("TEAM_A_ARIZE_KEY is not set"),
        unset.err());
  }

  @Test
  void demoRunsAndReportsTheOtelReceiver() throws Exception {
    Path json = dir.resolve("demo.json");
    Run r = run(Map.of(), "demo", "--json", json.toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().matches("(?s).*\\n  otel +13 +7 +gen_ai\\.\\*.*"), r.out());
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    JsonNode otel = null;
    for (JsonNode b : report.path("backends")) {
      if (b.path("name").asText().equals("otel")) {
        otel = b;
      }
    }
    assertTrue(otel != null, report.toString());
    // seven requests (one of them embeddings), six reaching the model: every backend gets them all
    for (JsonNode b : report.path("backends")) {
      if (b.path("status").asText().equals("demoed")) {
        assertEquals(13, b.path("spans").asInt(), b.toString());
        assertEquals(7, b.path("traces").asInt(), b.toString());
      }
    }
    assertTrue(r.out().matches("(?s).*\\n  embeddings +HTTP 200\\n.*"), r.out());
    assertEquals(13, otel.path("spans").asInt());
    assertEquals(7, otel.path("traces").asInt());
    assertTrue(report.path("ok").asBoolean());
    assertEquals(7, report.path("requests").size());
    // the vocabulary keys each backend saw, not only their prefixes: its own keys, not another's
    Map<String, List<String>> keys = new java.util.HashMap<>();
    for (JsonNode b : report.path("backends")) {
      List<String> k = new ArrayList<>();
      b.path("vocabulary_keys").forEach(n -> k.add(n.asText()));
      keys.put(b.path("name").asText(), k);
    }
    assertTrue(keys.get("langfuse").contains("langfuse.observation.type"), keys.toString());
    assertTrue(keys.get("arize").contains("openinference.span.kind"), keys.toString());
    assertTrue(keys.get("phoenix").contains("llm.model_name"), keys.toString());
    assertTrue(keys.get("otel").contains("gen_ai.operation.name"), keys.toString());
    assertFalse(keys.get("otel").contains("langfuse.observation.type"), keys.toString());
    assertFalse(keys.get("otel").contains("http.route"), keys.toString());
    // phoenix got the operator's project and, for the tenant's request, the tenant's: both shown
    for (JsonNode b : report.path("backends")) {
      if (b.path("name").asText().equals("phoenix")) {
        List<String> projects =
            List.of(b.path("resource").path("openinference.project.name").asText().split(" \\| "));
        assertTrue(
            projects.contains("team-a") && projects.contains("otel-presets-demo"), b.toString());
      }
    }
    String text = r.out().replaceAll("\\s+", " ");
    assertTrue(text.contains("langfuse: paths /api/public/otel/v1/traces"), r.out());
    assertTrue(text.matches("(?s).* vocabulary keys \\(\\d+\\): .*"), r.out());
    assertTrue(text.contains("langfuse.observation.type"), r.out());
    assertTrue(text.contains("openinference.span.kind"), r.out());
  }

  /**
   * The demo needs no setup whatever the shell holds: standard settings that would switch its
   * collector off or send its data elsewhere (autoconfigure reads otel.* system properties as it
   * reads OTEL_* variables) are not read.
   */
  @Test
  void demoIgnoresTheProcessesOwnOtelSettings() {
    Map<String, String> hostile =
        Map.of(
            "otel.sdk.disabled", "true",
            "otel.traces.exporter", "none",
            "otel.metrics.exporter", "none",
            "otel.traces.sampler", "always_off",
            "otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:9/v1/traces",
            "otel.exporter.otlp.traces.protocol", "grpc");
    hostile.forEach(System::setProperty);
    try {
      Run r = run(Map.of(), "demo");
      assertEquals(0, r.exit(), r.out() + r.err());
      assertTrue(r.out().matches("(?s).*\\n  otel +13 +7 +gen_ai\\.\\*.*"), r.out());
    } finally {
      hostile.keySet().forEach(System::clearProperty);
    }
  }
}
