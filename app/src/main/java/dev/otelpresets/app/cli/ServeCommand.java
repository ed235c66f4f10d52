package dev.otelpresets.app.cli;

import dev.otelpresets.app.Main;
import dev.otelpresets.app.gateway.Gateway;
import dev.otelpresets.app.gateway.GatewayConfig;
import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.core.discovery.PresetRegistry;
import dev.otelpresets.core.internal.PresetSelection;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code otel-presets serve}: the example OpenAI-compatible gateway. */
@Command(
    name = "serve",
    header = "Run the example OpenAI-compatible LLM gateway.",
    mixinStandardHelpOptions = true,
    description = {
      "Run the example OpenAI-compatible LLM gateway: POST /v1/chat/completions (plain and",
      "\"stream\": true), POST /v1/embeddings (mock models), GET /v1/models, GET /health.",
      "Every request gets a SERVER span and its LLM call a child span, exported to every",
      "backend in callbacks:.",
      ""
    },
    footerHeading = "%nExample config (gateway.yaml):%n",
    // picocli expands ${NAME} from system properties and the environment: $${ keeps it literal
    footer = {
      "  callbacks: [langfuse, otel]",
      "  settings:",
      "    service_name: my-gateway",
      "    capture_message_content: span_only",
      "  models:",
      "    - name: gpt-4o-mini",
      "      provider: openai",
      "      upstream: mock              # embedded mock model (default), or a base URL:",
      "    - name: gpt-4o",
      "      provider: openai",
      "      upstream: https://api.openai.com/v1",
      "      api_key: $${OPENAI_API_KEY}",
      "  keys:                           # omit to accept every caller (GET /health is open)",
      "    sk-operator: {}",
      "    sk-team-a:",
      "      team: team-a",
      "      credentials:",
      "        langfuse: { langfuse_public_key: pk-a, langfuse_secret_key: $${TEAM_A_LF_SECRET} }",
      "",
      "Examples:",
      "  otel-presets serve --config gateway.yaml",
      "  otel-presets serve --config gateway.yaml --port 8080 --host 0.0.0.0",
      "  curl -s localhost:4000/v1/chat/completions -H 'Authorization: Bearer sk-operator' \\",
      "       -d '{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}'",
      "",
      "The mock model answers deterministically, streams in several chunks, calls the first",
      "offered tool, waits mock_latency_ms, and fails when the model name contains 'fail' or",
      "the request has \"mock_fail\": true. Presets read their settings from presets.<name>.*",
      "or their environment variables (see 'otel-presets presets')."
    })
public final class ServeCommand implements Callable<Integer> {
  /** A started gateway, for whoever needs to stop it. */
  public interface Running {
    /** Where it listens, e.g. {@code http://127.0.0.1:4000}. */
    URI baseUrl();

    /** The telemetry instance it records through. */
    GenAiTelemetry telemetry();

    /** Stops the gateway, flushes and closes the telemetry; {@code serve} then returns 0. */
    void stop();
  }

  private final Cli cli;

  @picocli.CommandLine.Mixin PresetPathOption presetPath = new PresetPathOption();

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The YAML configuration: callbacks, settings, presets, models, keys.")
  Path config;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "4000",
      description = "Port to listen on (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}; 0.0.0.0 for all interfaces).")
  String host;

  @Option(
      names = "--max-body-bytes",
      paramLabel = "N",
      defaultValue = "1048576",
      description =
          "Largest request body accepted; larger ones get 413 (default" + " ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(
      names = "--max-model-calls",
      paramLabel = "N",
      defaultValue = "" + Gateway.DEFAULT_MAX_MODEL_CALLS,
      description =
          "Model calls (mock or upstream) served at once, each on a thread of its own; more get"
              + " 503 gateway_overloaded with Retry-After: 1 (default ${DEFAULT-VALUE}).")
  int maxModelCalls;

  @Option(
      names = "--upstream-timeout",
      paramLabel = "SECONDS",
      defaultValue = "" + Gateway.DEFAULT_UPSTREAM_TIMEOUT_SECONDS,
      description =
          "How long a real upstream gets for a whole plain answer, or to start a stream and"
              + " between its pieces; then 504 upstream_timeout, or an error event in the stream"
              + " (default ${DEFAULT-VALUE}; a reasoning model's long answers may need more).")
  long upstreamTimeoutSeconds;

  /** The largest --upstream-timeout: an hour, far beyond any model's answer. */
  static final long MAX_UPSTREAM_TIMEOUT_SECONDS = 3600;

  public ServeCommand(Cli cli) {
    this.cli = cli;
  }

  /** picocli's wording for a bad option value: {@code what} says the value and the fix. */
  private picocli.CommandLine.ParameterException invalid(String option, String what) {
    return new picocli.CommandLine.ParameterException(
        spec.commandLine(), "Invalid value for option '" + option + "': " + what);
  }

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw invalid("--port", port + " is not a port (0 to 65535; 0 picks a free one)");
    }
    if (maxBodyBytes <= 0) {
      throw invalid(
          "--max-body-bytes", maxBodyBytes + " (give a positive number of bytes, e.g. 1048576)");
    }
    if (maxModelCalls < 1 || maxModelCalls > 100_000) {
      throw invalid(
          "--max-model-calls",
          maxModelCalls + " (give 1 to 100000; each call in flight holds a thread)");
    }
    if (upstreamTimeoutSeconds < 1 || upstreamTimeoutSeconds > MAX_UPSTREAM_TIMEOUT_SECONDS) {
      throw invalid(
          "--upstream-timeout",
          upstreamTimeoutSeconds
              + " (give whole seconds from 1 to "
              + MAX_UPSTREAM_TIMEOUT_SECONDS
              + ", e.g. 300)");
    }
    try {
      java.net.InetAddress.getByName(host);
    } catch (java.net.UnknownHostException e) {
      // was "cannot listen ... (is another process using the port? try --port)", exit 1
      throw invalid(
          "--host",
          "'"
              + dev.otelpresets.support.internal.OneLine.escape(host)
              + "' is not an address or a host name this machine can resolve (127.0.0.1 for"
              + " this machine only, 0.0.0.0 for every interface)");
    }
    Cli cli = presetPath.apply(this.cli);
    PrintWriter out = spec.commandLine().getOut();
    OtelPresetsConfig cfg = ConfigFiles.load(cli.environment(), config);
    GatewayConfig gatewayConfig = GatewayConfig.from(cfg);
    GatewayConfig.requireReadCredentials(
        cfg,
        PresetSelection.resolve(cfg, PresetRegistry.load(cli.classLoader()), cli.environment()));
    GenAiTelemetry telemetry =
        OtelPresets.builder()
            .config(cfg)
            .environment(cli.environment())
            .classLoader(cli.classLoader())
            .build();
    Gateway gateway;
    try {
      // server spans start where third-party HTTP instrumentation starts them: the global
      OpenTelemetry serverOtel =
          cfg.publishGlobal() ? GlobalOpenTelemetry.get() : telemetry.openTelemetry();
      gateway =
          Gateway.builder(telemetry, gatewayConfig)
              .serverOpenTelemetry(serverOtel)
              .host(host)
              .port(port)
              .maxBodyBytes(maxBodyBytes)
              .maxModelCalls(maxModelCalls)
              .upstreamTimeout(java.time.Duration.ofSeconds(upstreamTimeoutSeconds))
              .start();
    } catch (RuntimeException e) {
      telemetry.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop =
        () -> {
          if (stopping.compareAndSet(false, true)) {
            gateway.close();
            telemetry.close();
            printExportSummary(out, telemetry);
            stopped.countDown();
          }
        };
    Thread hook = new Thread(stop, "otel-presets-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    out.println("otel-presets gateway listening on " + gateway.baseUrl());
    out.println(
        "  callbacks: "
            + String.join(", ", telemetry.presetNames())
            + (telemetry.presetNames().isEmpty() ? "(none: nothing is exported)" : ""));
    out.println("  models:    " + String.join(", ", gatewayConfig.models().keySet()));
    out.println(
        "  keys:      "
            + (gatewayConfig.requiresKeys()
                ? gatewayConfig.keySettings().size() + " (Authorization: Bearer <key> required)"
                : "none configured: every caller is accepted"));
    boolean tenantKeys =
        gatewayConfig.keySettings().stream().anyMatch(k -> !k.credentials().isEmpty());
    if (tenantKeys && !gateway.tenantCredentialsSupported()) {
      out.println(
          "  note:      keys carry tenant credentials, but this core has no tenant API yet;"
              + " tenant spans use the static exporters");
    }
    out.println("Press Ctrl-C to stop.");
    out.flush();
    cli.serveHook()
        .accept(
            new Running() {
              @Override
              public URI baseUrl() {
                return gateway.baseUrl();
              }

              @Override
              public GenAiTelemetry telemetry() {
                return telemetry;
              }

              @Override
              public void stop() {
                stop.run();
              }
            });
    stopped.await();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is what stopped us
    }
    return Main.OK;
  }

  /**
   * After the telemetry closed (and flushed): what each backend's exporter did, so an operator
   * (or a load test) sees whether anything was lost.
   */
  static void printExportSummary(PrintWriter out, GenAiTelemetry telemetry) {
    List<ExportStats> stats = telemetry.exportStats();
    if (stats.isEmpty()) {
      return;
    }
    out.println("otel-presets gateway stopped. Spans per backend (dropped: on a full queue):");
    for (ExportStats s : stats) {
      out.printf(
          Locale.ROOT,
          "  %-10s %d exported, %d failed, %d dropped%s%s%s%n",
          s.owner(),
          s.exportedSpans(),
          s.failedSpans(),
          s.droppedSpans(),
          s.abandonedSpans() == 0 ? "" : ", " + s.abandonedSpans() + " abandoned at shutdown",
          s.sampledOutSpans() == 0 ? "" : ", " + s.sampledOutSpans() + " sampled out",
          s.lastFailure() == null ? "" : "; last failure: " + s.lastFailure());
    }
    out.flush();
  }
}
