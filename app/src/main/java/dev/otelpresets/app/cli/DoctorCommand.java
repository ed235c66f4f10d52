package dev.otelpresets.app.cli;

import dev.otelpresets.app.Main;
import dev.otelpresets.app.doctor.AgentOpsProbe;
import dev.otelpresets.app.doctor.Diagnosis;
import dev.otelpresets.app.doctor.KeysCheck;
import dev.otelpresets.app.doctor.Probe;
import dev.otelpresets.app.gateway.GatewayConfig;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.core.discovery.PresetRegistry;
import dev.otelpresets.core.internal.PresetSelection;
import dev.otelpresets.core.internal.ResolvedPresetSettings;
import dev.otelpresets.spi.SettingSpec;
import dev.otelpresets.support.internal.OneLine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code otel-presets doctor}: the resolved configuration as a user needs to see it. */
@Command(
    name = "doctor",
    header = "Show where telemetry would go and what is wrong, without sending any.",
    mixinStandardHelpOptions = true,
    description = {
      "Show where telemetry would go, without sending any: first the callbacks, service.name,",
      "the content capture mode and the content recorded on spans (content stays on a span",
      "when any backend's content mode wants it, and is taken off for each backend whose mode",
      "does not); then every exporter with its owner, signal, protocol, full endpoint URL and",
      "where it comes from, headers (values redacted), resource overlay, queue size and, for",
      "traces, sampling, content mode and redaction rules; the metrics pipeline (exporters,",
      "interval, temporality); which signals are off and why; each preset's settings that have",
      "a value, set or by default, with where from (secret values hidden); and every warning.",
      "OTEL_* variables are read exactly as the OpenTelemetry Java SDK autoconfigure reads",
      "them (its default OTLP protocol is grpc).",
      "With --probe, each endpoint also gets one empty OTLP export, and the answer is",
      "reported in words (e.g. \"401: Langfuse rejected the credentials\"); AgentOps first",
      "gets the API key's token exchange. The gateway's keys: are checked against the",
      "presets' tenant rules and tenants.allowed_hosts (names only, never values), and",
      "so are tenants.credentials.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  otel-presets doctor --config gateway.yaml",
      "  otel-presets doctor --config gateway.yaml --probe",
      "  OTEL_TRACES_EXPORTER=none \\",
      "  OTEL_EXPORTER_OTLP_METRICS_PROTOCOL=http/protobuf \\",
      "  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT=http://localhost:9090/api/v1/otlp/v1/metrics \\",
      "    otel-presets doctor --config metrics-only.yaml",
      "",
      "Exit codes: 0 nothing wrong, 1 warnings or a failed probe, 2 the configuration is",
      "invalid (the message names file:line:column) or a preset in callbacks cannot start",
      "(its required settings, such as credentials, are not set: each is named)."
    })
public final class DoctorCommand implements Callable<Integer> {
  private final Cli cli;

  @picocli.CommandLine.Mixin PresetPathOption presetPath = new PresetPathOption();

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The YAML configuration to check.")
  Path config;

  @Option(
      names = "--probe",
      description = "Send an empty OTLP export to every endpoint and report the answer.")
  boolean probe;

  @Option(
      names = "--probe-timeout",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description = "How long each probe waits (default ${DEFAULT-VALUE} s).")
  int probeTimeout;

  public DoctorCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Cli cli = presetPath.apply(this.cli);
    PrintWriter out = spec.commandLine().getOut();
    OtelPresetsConfig cfg = ConfigFiles.load(cli.environment(), config);
    GatewayConfig gateway = null;
    if (cfg.extensions().containsKey("models") || cfg.extensions().containsKey("keys")) {
      gateway = GatewayConfig.from(cfg); // the gateway's sections are checked too
    }
    PresetRegistry registry = PresetRegistry.load(cli.classLoader());
    // a preset whose required settings are missing cannot start: say so for every such preset,
    // with every setting it lacks, and diagnose the others
    List<Diagnosis.Unstartable> unstartable =
        Diagnosis.unstartable(cfg, registry, cli.environment());
    Diagnosis d =
        Diagnosis.of(
            unstartable.isEmpty() ? cfg : Diagnosis.without(cfg, registry, unstartable),
            registry,
            cli.environment(),
            cli.classLoader(),
            unstartable);
    KeysCheck.Report keys = gateway == null ? null : KeysCheck.check(gateway, d);
    KeysCheck.Report tenants =
        cfg.tenants().isEmpty() ? null : KeysCheck.checkTenants(cfg.tenants(), d);

    out.println("otel-presets doctor: " + config);
    List<String> names = new ArrayList<>();
    d.selection().selected().forEach(s -> names.add(s.provider().name()));
    if (!unstartable.isEmpty()) {
      // in the file's order, those that cannot start marked
      names.clear();
      for (OtelPresetsConfig.Callback cb : cfg.callbacks()) {
        registry
            .find(cb.name())
            .map(p -> p.name())
            .filter(n -> !names.contains(n) && !names.contains(n + " (cannot start)"))
            .ifPresent(
                n ->
                    names.add(
                        unstartable.stream().anyMatch(u -> u.provider().name().equals(n))
                            ? n + " (cannot start)"
                            : n));
      }
    }
    field(out, "callbacks:", names.isEmpty() ? "(none)" : String.join(", ", names));
    field(out, "service.name:", d.serviceName());
    field(out, "content capture:", d.contentCapture());
    dev.otelpresets.core.ContentCapture recorded = d.recordedContent();
    if (recorded != null) {
      field(
          out,
          "content recorded:",
          recorded.value()
              + " (on spans when any backend's content mode wants it; taken off again for each"
              + " backend whose mode does not)");
    }
    out.println();

    out.println("Exporters");
    if (d.exporters().isEmpty()) {
      out.println("  (none: nothing leaves this process)");
    }
    int i = 0;
    for (Diagnosis.Exporter e : d.exporters()) {
      out.println(
          "  ["
              + (++i)
              + "] "
              + e.preset()
              + "  owner="
              + e.owner().id()
              + "  signal="
              + e.signal()
              + "  protocol="
              + e.protocol()
              + "  compression="
              + e.compression());
      out.println("      endpoint:  " + e.endpoint() + "  (" + e.endpointOrigin() + ")");
      out.println(
          "      headers:   " + (e.headers().isEmpty() ? "(none)" : format(e.redactedHeaders())));
      if (e.auth() != null) {
        out.println("      auth:      " + e.auth());
      } else if (e.customTransport()) {
        out.println("      auth:      added by the preset at export time (e.g. a fetched token)");
      }
      out.println(
          "      resource:  "
              + (e.resourceOverlay().isEmpty()
                  ? "(shared resource only)"
                  : "overlay "
                      + e.resourceOverlay().asMap().entrySet().stream()
                          .map(en -> en.getKey().getKey() + "=" + en.getValue())
                          .reduce((a, b) -> a + ", " + b)
                          .orElse("")));
      if (e.signal().equals("logs") && e.queueSize() != null) {
        out.println(
            "      queue:     "
                + e.queueSize()
                + " log records, own export thread (the SDK's batch log record processor;"
                + " OTEL_BLRP_*)");
      } else if (e.queueSize() != null) {
        out.println(
            "      queue:     "
                + e.queueSize()
                + " spans, own export thread; "
                + d.batchSettings());
      } else if (e.signal().equals("metrics")) {
        out.println(
            "      queue:     none: a periodic reader exports the aggregated values every "
                + d.metrics().intervalMillis()
                + " ms");
      }
      if (e.signal().equals("traces")) {
        double ratio = d.sampleRatio(e.preset());
        out.println(
            "      sampling:  "
                + java.math.BigDecimal.valueOf(ratio).stripTrailingZeros().toPlainString()
                + (ratio >= 1.0 ? " (every trace)" : " of traces, whole traces by" + " trace id")
                + "; presets."
                + e.preset()
                + ".sample_ratio");
        out.println("      content:   " + d.contentMode(e.preset()));
        int rules = d.redactionRules(e.preset());
        out.println(
            "      redaction: "
                + (rules == 0 ? "none" : rules + " rule(s)")
                + "; settings.redact, then presets."
                + e.preset()
                + ".redact");
      }
    }
    for (String off : d.off()) {
      out.println("  -   " + off);
    }
    out.println();

    out.println("Metrics");
    Diagnosis.Metrics m = d.metrics();
    if (m.exporters().isEmpty()) {
      out.println(
          "  metrics are off"
              + (d.selection().otelSelected()
                  ? " (OTEL_METRICS_EXPORTER=none)"
                  : " ('otel' is not in callbacks; presets export" + " traces only)"));
    } else {
      out.println(
          "  exporters:   "
              + String.join(", ", m.exporters())
              + "  (the otel collector only: LLM backends do not ingest OTLP metrics)");
      for (Diagnosis.Exporter e : d.exporters()) {
        if (e.signal().equals("metrics")) {
          out.println("  endpoint:    " + e.endpoint() + "  (" + e.endpointOrigin() + ")");
          out.println("  protocol:    " + e.protocol());
        }
      }
      out.println("  interval:    " + m.intervalMillis() + " ms  (" + m.intervalOrigin() + ")");
      out.println("  temporality: " + m.temporality() + "  (" + m.temporalityOrigin() + ")");
      out.println("  histograms:  " + m.histogramAggregation());
    }
    out.println();

    out.println("Preset settings");
    for (PresetSelection.Selected s : d.selection().selected()) {
      List<String> parts = new ArrayList<>();
      for (SettingSpec st : s.provider().settings()) {
        ResolvedPresetSettings.Value v = s.settings().values().get(st.key());
        if (v != null || st.requiredUnless().isPresent()) {
          // an unset requiredUnless setting says why it is not needed (else resolving failed)
          parts.add(st.key() + " " + PresetsCommand.state(st, s.settings()));
        }
      }
      out.println(
          "  "
              + s.provider().name()
              + ": "
              + (parts.isEmpty() ? "(nothing set)" : String.join("; ", parts)));
    }
    for (Diagnosis.Unstartable u : unstartable) {
      List<String> parts = new ArrayList<>();
      for (SettingSpec st : u.provider().settings()) {
        if (u.settings().values().get(st.key()) != null || u.settings().missing(st).isPresent()) {
          parts.add(st.key() + " " + PresetsCommand.state(st, u.settings()));
        }
      }
      out.println("  " + u.provider().name() + ": CANNOT START: " + String.join("; ", parts));
    }
    out.println();

    if (keys != null) {
      out.println("Gateway keys (labels and credential names only)");
      keys.lines().forEach(line -> out.println("  " + line));
      out.println();
    }
    if (tenants != null) {
      out.println("Tenants (tenants.credentials: ids and credential names only)");
      tenants.lines().forEach(line -> out.println("  " + line));
      out.println();
    }
    if (keys != null || tenants != null || !cfg.tenantAllowedHosts().isEmpty()) {
      out.println("Tenant exporters");
      out.println(
          "  allowed hosts: each backend's own endpoint"
              + (cfg.tenantAllowedHosts().isEmpty()
                  ? " only (tenants.allowed_hosts is empty)"
                  : " and "
                      + String.join(", ", new java.util.TreeSet<>(cfg.tenantAllowedHosts()))
                      + " (tenants.allowed_hosts)"));
      out.println(
          "  clients:       at most "
              + cfg.tenantMaxClients()
              + " per backend, the least recently used shut down first (tenants.max_clients"
              + (cfg.tenantMaxClients() == OtelPresetsConfig.DEFAULT_TENANT_MAX_CLIENTS
                  ? ", default)"
                  : ")"));
      out.println();
    }

    int probeFailures = 0;
    if (probe) {
      out.println("Probe (one empty OTLP export per endpoint)");
      Duration timeout = Duration.ofSeconds(Math.max(1, probeTimeout));
      Probe p = new Probe(timeout);
      AgentOpsProbe agentOps = new AgentOpsProbe(timeout, p);
      for (Diagnosis.Exporter e : d.exporters()) {
        // AgentOps authenticates with a token fetched first: probe that exchange too
        Probe.Result r =
            AgentOpsProbe.factoryOf(d, e)
                .map(f -> agentOps.probe(e, f))
                .orElseGet(() -> p.probe(e));
        probeFailures += r.ok() ? 0 : 1;
        out.println(
            "  "
                + (r.ok() ? "ok    " : "FAIL  ")
                + e.preset()
                + " "
                + e.signal()
                + " "
                + e.endpoint()
                + " -> "
                + r.words());
      }
      if (d.exporters().isEmpty()) {
        out.println("  (no endpoint to probe)");
      }
      out.println();
    }

    List<String> notes = new ArrayList<>(d.notes());
    if (keys != null) {
      notes.addAll(keys.notes());
    }
    if (tenants != null) {
      notes.addAll(tenants.notes());
    }
    for (String note : notes) {
      out.println("note: " + note);
    }
    List<String> errors = new ArrayList<>();
    for (Diagnosis.Unstartable u : unstartable) {
      // one line per missing setting, each saying what to set
      errors.add(
          u.at()
              + ": callbacks: preset '"
              + u.provider().name()
              + "' cannot start"
              + (u.credentials() ? ": it has no credentials" : "")
              + " (serve and the library refuse this configuration):"
              + u.missing().stream().map(line -> "\n         " + line).reduce("", String::concat));
    }
    for (String e : errors) {
      out.println("ERROR: " + e);
    }
    List<String> warnings = new ArrayList<>(d.warnings());
    if (!unstartable.isEmpty()) {
      // the callbacks are not empty: their presets cannot start (above)
      warnings.removeIf(w -> w.startsWith("callbacks: is empty or missing"));
    }
    if (keys != null) {
      warnings.addAll(keys.warnings());
    }
    if (tenants != null) {
      warnings.addAll(tenants.warnings());
    }
    for (String w : warnings) {
      out.println("WARNING: " + w);
    }
    int problems = errors.size() + warnings.size() + probeFailures;
    out.println(
        problems == 0
            ? "No problems found."
            : (errors.isEmpty() ? "" : errors.size() + " error(s), ")
                + warnings.size()
                + " warning(s)"
                + (probeFailures > 0 ? ", " + probeFailures + " failed probe(s)" : "")
                + ".");
    out.flush();
    return !errors.isEmpty() ? Main.USAGE : problems == 0 ? Main.OK : Main.PROBLEM;
  }

  /**
   * One line of the summary at the top: every value starts in the same column, one space after the
   * longest label ("content recorded:").
   */
  private static void field(PrintWriter out, String label, String value) {
    // a value from the environment may hold a line break: it must not forge a report line
    out.printf("  %-18s%s%n", label, OneLine.escape(value));
  }

  private static String format(Map<String, String> headers) {
    StringBuilder sb = new StringBuilder();
    headers.forEach(
        (k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(": ").append(v));
    return sb.toString();
  }
}
