package dev.otelpresets.app.doctor;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.Environment;
import dev.otelpresets.core.config.ConfigLoader;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.core.discovery.PresetRegistry;
import dev.otelpresets.core.internal.BatchProcessors;
import dev.otelpresets.core.internal.ContentPolicies;
import dev.otelpresets.core.internal.PresetSelection;
import dev.otelpresets.core.internal.ResolvedPresetSettings;
import dev.otelpresets.core.internal.StandardOverrides;
import dev.otelpresets.core.internal.TelemetryRuntime;
import dev.otelpresets.core.internal.TenantCredentialCheck;
import dev.otelpresets.core.otel.OtelPresetProvider;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.SettingSpec;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.internal.OtlpConfigUtil;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a configuration would do, computed without starting anything and without network I/O:
 * every exporter (presets' from their {@link ExporterSpec}s; the {@code otel} collector's exactly
 * as the OpenTelemetry SDK autoconfigure would build it, read with autoconfigure's own {@link
 * DefaultConfigProperties} and {@link OtlpConfigUtil}), the metrics pipeline, and warnings.
 */
public final class Diagnosis {
  /**
   * One exporter. Header values are for the probe only; show {@link #redactedHeaders()}. {@code
   * auth} says how a preset's own transport authenticates (e.g. where its token comes from), null
   * when it says nothing.
   */
  public record Exporter(
      String preset,
      ExporterOwner owner,
      String signal,
      String protocol,
      String endpoint,
      String endpointOrigin,
      Map<String, String> headers,
      Set<String> secretHeaders,
      Attributes resourceOverlay,
      Integer queueSize,
      boolean customTransport,
      String auth,
      String compression) {

    /** Header values with secrets replaced by {@code <redacted>}. */
    public Map<String, String> redactedHeaders() {
      Map<String, String> out = new LinkedHashMap<>();
      headers.forEach(
          (k, v) ->
              out.put(
                  k,
                  secretHeaders.stream().anyMatch(k::equalsIgnoreCase)
                      ? ExporterSpec.REDACTED
                      : v));
      return out;
    }

    @Override
    public String toString() {
      return "Exporter{"
          + owner
          + ", "
          + signal
          + ", "
          + protocol
          + ", "
          + endpoint
          + ", headers="
          + redactedHeaders()
          + "}";
    }
  }

  /** The metrics pipeline of the {@code otel} collector. */
  public record Metrics(
      List<String> exporters,
      String intervalMillis,
      String intervalOrigin,
      String temporality,
      String temporalityOrigin,
      String histogramAggregation) {}

  // doctor reports these itself, in its own words; a strong reference keeps the level set
  private static final java.util.logging.Logger OTLP_CONFIG_LOG =
      java.util.logging.Logger.getLogger(OtlpConfigUtil.class.getName());

  static {
    OTLP_CONFIG_LOG.setLevel(java.util.logging.Level.OFF);
  }

  private final OtelPresetsConfig config;
  private final PresetSelection selection;
  private final ConfigProperties props;
  private final Map<String, String> overrides;
  private final Environment env;
  private final ClassLoader loader;
  private final List<Exporter> exporters = new ArrayList<>();
  private final List<String> off = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private Metrics metrics;
  private boolean tracesReachSomeone;
  private List<Unstartable> unstartable = List.of();

  private Diagnosis(
      OtelPresetsConfig config, PresetSelection selection, Environment env, ClassLoader loader) {
    this.config = config;
    this.selection = selection;
    this.env = env;
    this.loader = loader;
    DefaultConfigProperties base =
        DefaultConfigProperties.create(Map.of(), ComponentLoader.forClassLoader(loader));
    this.overrides = TelemetryRuntime.standardOverrides(base, env, selection, config);
    this.props = base.withOverrides(overrides);
  }

  /**
   * Diagnoses a configuration.
   *
   * @throws dev.otelpresets.core.config.ConfigException when presets cannot be resolved
   */
  public static Diagnosis of(
      OtelPresetsConfig config, PresetRegistry registry, Environment env, ClassLoader loader) {
    return of(config, registry, env, loader, List.of());
  }

  /**
   * Diagnoses a configuration whose {@code unstartable} presets were taken out of {@code
   * callbacks:} ({@link #without}), so checks that look for a preset can say it cannot start.
   */
  public static Diagnosis of(
      OtelPresetsConfig config,
      PresetRegistry registry,
      Environment env,
      ClassLoader loader,
      List<Unstartable> unstartable) {
    PresetSelection selection = PresetSelection.resolve(config, registry, env, true);
    // tenants.credentials as every mode checks it at start: a mistyped key is invalid here too
    TenantCredentialCheck.check(config, selection);
    Diagnosis d = new Diagnosis(config, selection, env, loader);
    d.unstartable = List.copyOf(unstartable);
    registry.problems().forEach(p -> d.warnings.add(p));
    d.analyse();
    return d;
  }

  /**
   * A preset in {@code callbacks:} that cannot start because required settings (usually its
   * credentials) are not set: serve and the library refuse such a configuration. {@code at} is
   * where callbacks: names it; {@code missing} says, per setting, what to set; {@code
   * credentials} is true when a secret is among them.
   */
  public record Unstartable(
      PresetProvider provider,
      dev.otelpresets.core.config.ConfigLocation at,
      ResolvedPresetSettings settings,
      List<String> missing,
      boolean credentials) {}

  /**
   * The presets in {@code callbacks:} whose required settings are not set, each with every
   * setting it lacks (not only the first), so doctor can show them all and diagnose the rest.
   * Empty when a callback names no preset on the classpath: {@link #of} reports that as before.
   */
  public static List<Unstartable> unstartable(
      OtelPresetsConfig config, PresetRegistry registry, Environment env) {
    List<Unstartable> out = new ArrayList<>();
    Set<PresetProvider> seen = new LinkedHashSet<>();
    for (OtelPresetsConfig.Callback cb : config.callbacks()) {
      PresetProvider p = registry.find(cb.name()).orElse(null);
      if (p == null) {
        return List.of();
      }
      if (!seen.add(p)) {
        continue;
      }
      ResolvedPresetSettings settings =
          ResolvedPresetSettings.resolve(p, PresetSelection.sectionFor(config, p), env);
      List<String> missing = new ArrayList<>();
      boolean credentials = false;
      for (SettingSpec spec : p.settings()) {
        java.util.Optional<String> m = settings.missing(spec);
        if (m.isPresent()) {
          missing.add(m.get());
          credentials |= spec.secret();
        }
      }
      if (!missing.isEmpty()) {
        out.add(new Unstartable(p, cb.location(), settings, List.copyOf(missing), credentials));
      }
    }
    return out;
  }

  /** Whether the preset exporting to {@code ownerId} is in callbacks but cannot start. */
  public boolean cannotStart(String ownerId) {
    return unstartable.stream().anyMatch(u -> u.provider().owner().id().equals(ownerId));
  }

  /** {@code config} without the callbacks of {@code presets}, to diagnose the others. */
  public static OtelPresetsConfig without(
      OtelPresetsConfig config, PresetRegistry registry, List<Unstartable> presets) {
    List<String> names = new ArrayList<>();
    for (OtelPresetsConfig.Callback cb : config.callbacks()) {
      PresetProvider p = registry.find(cb.name()).orElse(null);
      if (p == null || presets.stream().noneMatch(u -> u.provider().equals(p))) {
        names.add(cb.name());
      }
    }
    return config.withCallbacks(names, config.callbacksLocation());
  }

  private static String envVar(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Where an autoconfigure property's value comes from, for display. */
  String origin(String property) {
    for (PresetSelection.Selected s : selection.selected()) {
      if (s.provider().owner().equals(ExporterOwner.OTEL)) {
        for (Map.Entry<String, ResolvedPresetSettings.Value> e : s.settings().values().entrySet()) {
          if (e.getValue().source() == ResolvedPresetSettings.Source.YAML
              && property.equals(OtelPresetProvider.PROPERTY_BY_SETTING.get(e.getKey()))) {
            return "presets.otel." + e.getKey() + " at " + e.getValue().origin();
          }
        }
      }
    }
    String var = envVar(property);
    if (overrides.containsKey(property)) {
      if (!selection.otelSelected()
          && property.endsWith(".exporter")
          && "none".equals(overrides.get(property))
          && env.get(var).isEmpty()) {
        return "'otel' is not in callbacks";
      }
      return var;
    }
    if (System.getProperty(property) != null) {
      return "-D" + property;
    }
    if (env.get(var).isPresent()) {
      return var;
    }
    return "default";
  }

  private void analyse() {
    if (config.callbacks().isEmpty()) {
      warnings.add(
          "callbacks: is empty or missing in "
              + config.source()
              + ": nothing is"
              + " exported. Add e.g. 'callbacks: [otel]'.");
    }
    int presetQueue = BatchProcessors.maxQueueSize(config, props);
    for (PresetSelection.Selected s : selection.selected()) {
      if (s.provider().owner().equals(ExporterOwner.OTEL)) {
        continue;
      }
      List<ExporterSpec> specs = s.preset().exporters();
      if (specs.isEmpty()) {
        warnings.add("preset '" + s.provider().name() + "' has no exporter: it receives nothing.");
      }
      for (ExporterSpec spec : specs) {
        exporters.add(
            new Exporter(
                s.provider().name(),
                spec.owner(),
                "traces",
                spec.protocol().wireName(),
                spec.endpoint(),
                "preset " + s.provider().name(),
                spec.headers(),
                spec.secretHeaders(),
                s.preset().resourceOverlay(),
                presetQueue,
                spec.customFactory().isPresent(),
                spec.customFactory().flatMap(f -> f.authDescription()).orElse(null),
                s.settings()
                    .compression()
                    .map(
                        c ->
                            c
                                + " (presets."
                                + s.provider().name()
                                + "."
                                + ConfigLoader.COMPRESSION
                                + ")")
                    .orElse(spec.compression() + " (the preset's default)")));
        tracesReachSomeone = true;
        presetWarnings(s, spec);
      }
    }
    otelSignal("traces");
    otelSignal("metrics");
    otelSignal("logs");
    metricsPipeline();
    if (!tracesReachSomeone) {
      String value = props.getString("otel.traces.exporter");
      String why =
          selection.otelSelected()
              ? "OTEL_TRACES_EXPORTER=" + value + ", from " + origin("otel.traces.exporter")
              : "no preset in callbacks exports traces";
      warnings.add(
          "traces are off: no backend receives LLM spans ("
              + why
              + ")."
              + (selection.otelSelected()
                  ? " "
                      + ("none".equals(value)
                          ? "Remove OTEL_TRACES_EXPORTER=none"
                          : "Set OTEL_TRACES_EXPORTER=otlp")
                      + " to send traces to the collector, or add a preset to callbacks."
                  : ""));
    }
  }

  private void presetWarnings(PresetSelection.Selected s, ExporterSpec spec) {
    String name = s.provider().name();
    if (spec.secretHeaders().isEmpty() && spec.customFactory().isEmpty()) {
      List<String> unset = new ArrayList<>();
      for (SettingSpec st : s.provider().settings()) {
        if (st.secret() && !s.settings().isExplicitlySet(st.key())) {
          unset.add(
              "presets."
                  + name
                  + "."
                  + st.key()
                  + (st.envVars().isEmpty() ? "" : " / " + String.join(" / ", st.envVars())));
        }
      }
      warnings.add(
          "preset '"
              + name
              + "' sends no credentials to "
              + spec.endpoint()
              + (unset.isEmpty() ? "" : " (not set: " + String.join(", ", unset) + ")")
              + "; a hosted backend will reject its exports.");
    }
    URI uri = URI.create(spec.endpoint());
    if ("http".equalsIgnoreCase(uri.getScheme())
        && !isLoopback(uri.getHost())
        && !spec.secretHeaders().isEmpty()) {
      warnings.add(
          "preset '"
              + name
              + "' sends credentials over plain http to "
              + uri.getHost()
              + "; use https.");
    }
    portMismatch("preset '" + name + "'", spec.protocol().wireName(), spec.endpoint());
  }

  private void otelSignal(String signal) {
    if (!selection.otelSelected() && "none".equals(overrides.get("otel." + signal + ".exporter"))) {
      off.add(signal + ": off ('otel' is not in callbacks)");
      return;
    }
    List<String> names = props.getList("otel." + signal + ".exporter");
    if (names.isEmpty()) {
      names = List.of("otlp");
    }
    String exporterOrigin = origin("otel." + signal + ".exporter");
    if (names.size() == 1 && names.get(0).equals("none")) {
      off.add(
          signal
              + ": off (OTEL_"
              + signal.toUpperCase(Locale.ROOT)
              + "_EXPORTER=none, from "
              + exporterOrigin
              + ")");
      return;
    }
    for (String name : names) {
      if (name.equals("none")) {
        continue;
      }
      List<String> available = exporterNames(signal);
      if (!available.contains(name)) {
        warnings.add(
            "otel "
                + signal
                + ": autoconfigure would refuse to start: there is no '"
                + name
                + "' exporter on the classpath (OTEL_"
                + signal.toUpperCase(Locale.ROOT)
                + "_EXPORTER="
                + name
                + ", from "
                + exporterOrigin
                + "). Use one of: "
                + String.join(", ", available)
                + ", none.");
        continue;
      }
      if (!name.equals("otlp")) {
        notes.add(
            "otel "
                + signal
                + " also go to the '"
                + name
                + "' exporter (OTEL_"
                + signal.toUpperCase(Locale.ROOT)
                + "_EXPORTER, "
                + exporterOrigin
                + ")"
                + (name.equals("console") || name.equals("logging") ? ": printed on stdout" : ""));
        continue;
      }
      if (signal.equals("traces")) {
        tracesReachSomeone = true;
      }
      otlp(signal);
    }
  }

  /** The exporter names autoconfigure finds for {@code signal} (its provider SPI), sorted. */
  private List<String> exporterNames(String signal) {
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    switch (signal) {
      case "traces" ->
          java.util.ServiceLoader.load(
                  io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider
                      .class,
                  loader)
              .forEach(p -> names.add(p.getName()));
      case "metrics" ->
          java.util.ServiceLoader.load(
                  io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider
                      .class,
                  loader)
              .forEach(p -> names.add(p.getName()));
      default ->
          java.util.ServiceLoader.load(
                  io.opentelemetry.sdk.autoconfigure.spi.logs.ConfigurableLogRecordExporterProvider
                      .class,
                  loader)
              .forEach(p -> names.add(p.getName()));
    }
    return List.copyOf(names);
  }

  private void otlp(String signal) {
    String protocol;
    try {
      protocol = OtlpConfigUtil.getOtlpProtocol(signal, props);
    } catch (RuntimeException e) {
      warnings.add("otel " + signal + ": " + e.getMessage());
      return;
    }
    String protocolOrigin =
        originOfFirst("otel.exporter.otlp." + signal + ".protocol", "otel.exporter.otlp.protocol");
    boolean http = protocol.equals(OtlpConfigUtil.PROTOCOL_HTTP_PROTOBUF);
    if (!http && !protocol.equals(OtlpConfigUtil.PROTOCOL_GRPC)) {
      warnings.add(
          "otel "
              + signal
              + ": protocol '"
              + protocol
              + "' is not supported by the Java"
              + " SDK; use grpc or http/protobuf ("
              + protocolOrigin
              + ").");
      return;
    }
    String[] endpoint = {null};
    Map<String, String> headers = new LinkedHashMap<>();
    try {
      OtlpConfigUtil.configureOtlpExporterBuilder(
          signal,
          props,
          loader -> {},
          e -> endpoint[0] = e,
          headers::put,
          c -> {},
          t -> {},
          b -> {},
          (a, b) -> {},
          r -> {},
          m -> {},
          v -> {});
    } catch (ConfigurationException e) {
      String signalEndpoint = "otel.exporter.otlp." + signal + ".endpoint";
      String endpointOrigin =
          props.getString(signalEndpoint) != null
              ? origin(signalEndpoint)
              : origin("otel.exporter.otlp.endpoint");
      warnings.add(
          "otel "
              + signal
              + ": autoconfigure would refuse to start: "
              + e.getMessage()
              + (StandardOverrides.isGrpcEndpointWithPath(e.getMessage())
                  ? " (" + endpointOrigin + ")" + StandardOverrides.GRPC_ENDPOINT_FIX + "."
                  : ""));
      return;
    }
    String origin;
    if (endpoint[0] == null) {
      endpoint[0] = http ? "http://localhost:4318/v1/" + signal : "http://localhost:4317";
      origin = "default of the Java SDK";
      notes.add(
          "otel "
              + signal
              + " go to the SDK default "
              + endpoint[0]
              + " ("
              + protocol
              + "); set OTEL_EXPORTER_OTLP_ENDPOINT for a remote collector.");
    } else if (props.getString("otel.exporter.otlp." + signal + ".endpoint") != null) {
      origin = origin("otel.exporter.otlp." + signal + ".endpoint");
    } else {
      origin = origin("otel.exporter.otlp.endpoint") + (http ? " + /v1/" + signal : "");
    }
    Set<String> secret = new LinkedHashSet<>(headers.keySet()); // OTLP header values are secrets
    // metrics have no queue: a periodic reader exports the aggregated values
    Integer queue =
        signal.equals("traces")
            ? Integer.valueOf(props.getInt("otel.bsp.max.queue.size", 2048))
            : signal.equals("logs")
                ? Integer.valueOf(props.getInt("otel.blrp.max.queue.size", 2048))
                : null;
    exporters.add(
        new Exporter(
            "otel",
            ExporterOwner.OTEL,
            signal,
            protocol + " (" + protocolOrigin + ")",
            endpoint[0],
            origin,
            headers,
            secret,
            Attributes.empty(),
            queue,
            false,
            null,
            otlpCompression(signal)));
    if (http) {
      String path = URI.create(endpoint[0]).getPath();
      if (!path.endsWith("/v1/" + signal)) {
        warnings.add(
            "otel "
                + signal
                + " endpoint "
                + endpoint[0]
                + " ("
                + origin
                + ") does not"
                + " end in /v1/"
                + signal
                + ": with http/protobuf the signal endpoint is used as"
                + " is, so most collectors will answer 404. Use the full URL, e.g. "
                + "http://host:4318/v1/"
                + signal
                + (signal.equals("metrics")
                    ? " (Prometheus: http://host:9090/api/v1/otlp/v1/metrics)"
                    : "")
                + ".");
      } else if (props.getString("otel.exporter.otlp." + signal + ".endpoint") == null
          && (path.contains("/v1/traces/")
              || path.contains("/v1/metrics/")
              || path.contains("/v1/logs/"))) {
        String baseOrigin = origin("otel.exporter.otlp.endpoint");
        warnings.add(
            "otel "
                + signal
                + " endpoint "
                + endpoint[0]
                + " has two signal paths: "
                + baseOrigin
                + " is a base URL and the SDK appends /v1/"
                + signal
                + " to it. Drop the path from "
                + baseOrigin
                + ", or set the whole URL as the "
                + signal
                + " endpoint ("
                + (baseOrigin.startsWith("presets.otel.")
                    ? "presets.otel." + signal + "_endpoint"
                    : "OTEL_EXPORTER_OTLP_"
                        + signal.toUpperCase(java.util.Locale.ROOT)
                        + "_ENDPOINT")
                + ").");
      }
    }
    portMismatch("otel " + signal, protocol, endpoint[0]);
  }

  /** The otel callback's compression for {@code signal}, as autoconfigure reads it. */
  private String otlpCompression(String signal) {
    String signalKey = "otel.exporter.otlp." + signal + ".compression";
    String key = props.getString(signalKey) != null ? signalKey : "otel.exporter.otlp.compression";
    String value = props.getString(key);
    return value == null ? "none (the Java SDK's default)" : value + " (" + origin(key) + ")";
  }

  private String originOfFirst(String... properties) {
    for (String p : properties) {
      if (props.getString(p) != null) {
        return origin(p);
      }
    }
    return "default of the Java SDK autoconfigure 1.x";
  }

  private void portMismatch(String who, String protocol, String endpoint) {
    int port = URI.create(endpoint).getPort();
    if (protocol.startsWith("grpc") && port == 4318) {
      warnings.add(
          who
              + ": protocol is grpc but "
              + endpoint
              + " is the OTLP/HTTP port 4318."
              + " The Java SDK's default protocol is grpc; set OTEL_EXPORTER_OTLP_PROTOCOL="
              + "http/protobuf, or use port 4317.");
    } else if (protocol.startsWith("http") && port == 4317) {
      warnings.add(
          who
              + ": protocol is http/protobuf but "
              + endpoint
              + " is the OTLP/gRPC port"
              + " 4317. Use port 4318, or set the protocol to grpc.");
    }
  }

  private void metricsPipeline() {
    List<String> names;
    if (!selection.otelSelected() && "none".equals(overrides.get("otel.metrics.exporter"))) {
      names = List.of();
    } else {
      names = props.getList("otel.metrics.exporter");
      if (names.isEmpty()) {
        names = List.of("otlp");
      }
      if (names.equals(List.of("none"))) {
        names = List.of();
      }
    }
    Duration interval = props.getDuration("otel.metric.export.interval", Duration.ofMillis(60000));
    String temporality =
        props.getString("otel.exporter.otlp.metrics.temporality.preference", "cumulative");
    metrics =
        new Metrics(
            names,
            String.valueOf(interval.toMillis()),
            origin("otel.metric.export.interval"),
            temporality.toLowerCase(Locale.ROOT),
            origin("otel.exporter.otlp.metrics.temporality.preference"),
            props.getString(
                "otel.exporter.otlp.metrics.default.histogram.aggregation",
                "explicit_bucket_histogram"));
    if (!names.isEmpty()) {
      for (Exporter e : exporters) {
        if (e.signal().equals("metrics")
            && e.endpoint().contains("/api/v1/otlp")
            && temporality.equalsIgnoreCase("delta")) {
          warnings.add(
              "metrics go to a Prometheus OTLP endpoint with delta temporality;"
                  + " Prometheus wants cumulative (unset"
                  + " OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE).");
        }
      }
    }
  }

  private static boolean isLoopback(String host) {
    return host != null
        && (host.equals("localhost")
            || host.startsWith("127.")
            || host.equals("[::1]")
            || host.equals("::1"));
  }

  public OtelPresetsConfig config() {
    return config;
  }

  public PresetSelection selection() {
    return selection;
  }

  /**
   * The share of traces the backend {@code preset} receives, from {@code
   * presets.<name>.sample_ratio} (1 when not set): whole traces, chosen by trace id.
   */
  public double sampleRatio(String preset) {
    for (PresetSelection.Selected s : selection.selected()) {
      if (s.provider().name().equals(preset)) {
        return s.settings().sampleRatio();
      }
    }
    return 1.0;
  }

  /**
   * The content mode of the backend {@code preset} with where it comes from: its own {@code
   * presets.<name>.capture_message_content}, else the global mode.
   */
  public String contentMode(String preset) {
    for (PresetSelection.Selected s : selection.selected()) {
      if (s.provider().name().equals(preset) && s.settings().contentCapture().isPresent()) {
        return s.settings().contentCapture().get().value()
            + " (presets."
            + preset
            + "."
            + ConfigLoader.CAPTURE_MESSAGE_CONTENT
            + ")";
      }
    }
    ContentCapture global = globalContentCapture();
    return (global == null ? "unknown" : global.value()) + " (the global mode)";
  }

  /** How many redaction rules apply to the backend {@code preset}: global ones plus its own. */
  public int redactionRules(String preset) {
    int own = 0;
    for (PresetSelection.Selected s : selection.selected()) {
      if (s.provider().name().equals(preset)) {
        own = s.settings().redactionRules().size();
      }
    }
    return config.redactionRules().size() + own;
  }

  /**
   * What the recording side captures: content on the span when any backend's mode wants it (each
   * backend that does not want it has it taken off in its own export path); null when the global
   * mode is invalid (the error is the runtime's to report).
   */
  public ContentCapture recordedContent() {
    ContentCapture global = globalContentCapture();
    return global == null ? null : new ContentPolicies(config, selection, global).recordingMode();
  }

  private ContentCapture globalContentCapture() {
    if (config.contentCapture().isPresent()) {
      return config.contentCapture().get();
    }
    try {
      return env.get("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT")
          .map(ContentCapture::parse)
          .orElse(ContentCapture.NO_CONTENT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Every active exporter, presets first, then the otel collector's signals. */
  public List<Exporter> exporters() {
    return exporters;
  }

  /** Signals that are off, with why. */
  public List<String> off() {
    return off;
  }

  public Metrics metrics() {
    return metrics;
  }

  public List<String> warnings() {
    return warnings;
  }

  public List<String> notes() {
    return notes;
  }

  /** The resource's service.name and where it comes from. */
  public String serviceName() {
    String fromEnv = props.getString("otel.service.name");
    if (fromEnv != null) {
      return fromEnv + " (" + origin("otel.service.name") + ")";
    }
    String attrs = props.getMap("otel.resource.attributes").get("service.name");
    if (attrs != null) {
      return attrs + " (OTEL_RESOURCE_ATTRIBUTES)";
    }
    return config
        .serviceName()
        .map(s -> s + " (settings.service_name)")
        .orElse("unknown_service:java (set settings.service_name or OTEL_SERVICE_NAME)");
  }

  /** The span processor settings every exporter uses: the values its processor is built with. */
  public String batchSettings() {
    int inFlight = BatchProcessors.maxRequestsInFlight(config);
    return "batch "
        + BatchProcessors.maxExportBatchSize(config, props)
        + ", delay "
        + BatchProcessors.scheduleDelay(config, props).toMillis()
        + " ms, export timeout "
        + BatchProcessors.exportTimeout(config, props).toMillis()
        + (inFlight == 1
            ? " ms, one request at a time"
            : " ms, at most " + inFlight + " requests in flight");
  }

  /** The content capture mode and its origin. */
  public String contentCapture() {
    if (config.contentCapture().isPresent()) {
      return config.contentCapture().get().value() + " (settings.capture_message_content)";
    }
    return env.get("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT")
        .map(v -> v + " (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT)")
        .orElse("no_content (default: no prompt or completion text is recorded)");
  }
}
