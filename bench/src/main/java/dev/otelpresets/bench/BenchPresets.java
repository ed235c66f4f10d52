package dev.otelpresets.bench;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.discovery.PresetRegistry;
import dev.otelpresets.core.internal.OwnerScopedSpanExporter;
import dev.otelpresets.core.internal.TelemetryRuntime;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.OtlpExporterFactory;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The real presets found on the classpath, each re-wired to a transport of the benchmark's choosing.
 *
 * <p>Each wrapper has its real provider's name, aliases, owner and settings, and calls its real
 * {@code create}; the preset it returns keeps the real mapper, resource overlay and tenant rule,
 * and each exporter spec keeps its owner, endpoint and headers — only the transport is replaced,
 * through {@link ExporterSpec.Builder#customFactory}, the SPI's own hook, so the core builds the
 * exact production pipeline around it (trace-scoped attributes processor, one batch processor per
 * exporter, the owner-scoped exporter mapping at export time). The built-in {@code otel} callback
 * is left as it is: its exporter comes from autoconfigure, and {@code OTEL_TRACES_EXPORTER=
 * bench-discard} picks the discarding one (see {@link DiscardingExporterProviders}).
 */
public final class BenchPresets {
  /** Every callback, the built-in {@code otel} included. */
  public static final List<String> ALL =
      List.of("arize", "phoenix", "langfuse", "weave", "levo", "agentops", "otel");

  private BenchPresets() {}

  /** The callbacks of an {@code n}-callback configuration: 1, 3 or 7. */
  public static List<String> callbacks(int n) {
    return switch (n) {
      case 1 -> List.of(System.getProperty("bench.one", "langfuse"));
      case 3 -> List.of("arize", "langfuse", "otel");
      case 7 -> ALL;
      default -> throw new IllegalArgumentException("1, 3 or 7 callbacks, not " + n);
    };
  }

  /** The discovered presets, every transport discarding. */
  public static PresetRegistry discarding() {
    return rewired((spec, otlp) -> new DiscardingSpanExporter());
  }

  /**
   * The discovered presets with {@code transport} building each exporter from the preset's
   * original spec (its own custom factory still attached, for wrapping).
   */
  public static PresetRegistry rewired(
      BiFunction<ExporterSpec, OtlpExporterFactory, SpanExporter> transport) {
    PresetRegistry real = PresetRegistry.load(BenchPresets.class.getClassLoader());
    List<PresetProvider> out = new ArrayList<>();
    for (PresetProvider p : real.providers()) {
      out.add(p.owner().equals(ExporterOwner.OTEL) ? p : new Rewired(p, transport));
    }
    return PresetRegistry.of(out);
  }

  /** The spec's own transport: its custom factory's exporter when it has one, else plain OTLP. */
  public static SpanExporter original(ExporterSpec spec, OtlpExporterFactory otlp) {
    return spec.customFactory().map(f -> f.create(spec, otlp)).orElseGet(() -> otlp.create(spec));
  }

  /**
   * Settings for every preset (fake credentials; endpoints on loopback port 9, never contacted by
   * a discarding transport) and the {@code otel} callback's exporters.
   */
  public static Map<String, String> environment(String otelTraces, String otelMetrics) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ARIZE_SPACE_ID", "bench-space");
    env.put("ARIZE_API_KEY", "bench-key");
    env.put("ARIZE_PROJECT_NAME", "bench");
    env.put("PHOENIX_API_KEY", "bench-key");
    env.put("PHOENIX_PROJECT_NAME", "bench");
    env.put("PHOENIX_COLLECTOR_ENDPOINT", "http://127.0.0.1:9/v1/traces");
    env.put("LANGFUSE_PUBLIC_KEY", "pk-lf-bench");
    env.put("LANGFUSE_SECRET_KEY", "sk-lf-bench");
    env.put("LANGFUSE_HOST", "http://127.0.0.1:9");
    env.put("WANDB_API_KEY", "bench-key");
    env.put("WANDB_PROJECT_ID", "bench-team/bench-project");
    env.put("WANDB_HOST", "http://127.0.0.1:9");
    env.put("LEVOAI_API_KEY", "bench-key");
    env.put("LEVOAI_ORG_ID", "bench-org");
    env.put("LEVOAI_WORKSPACE_ID", "bench-ws");
    env.put("LEVOAI_COLLECTOR_URL", "http://127.0.0.1:9");
    env.put("AGENTOPS_API_KEY", "bench-key");
    env.put("AGENTOPS_API_ENDPOINT", "http://127.0.0.1:9");
    env.put("AGENTOPS_EXPORTER_ENDPOINT", "http://127.0.0.1:9/v1/traces");
    if (otelTraces != null) { // unset: the core turns the otel exporters off unless selected
      env.put("OTEL_TRACES_EXPORTER", otelTraces);
      env.put("OTEL_METRICS_EXPORTER", otelMetrics);
      env.put("OTEL_LOGS_EXPORTER", "none");
    }
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9");
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    env.put("OTEL_SERVICE_NAME", "otel-presets-bench");
    return env;
  }

  /** The YAML of a benchmark instance: no global, no shutdown hook. */
  public static String yaml(List<String> callbacks, boolean content, String extraSettings) {
    return "callbacks: ["
        + String.join(", ", callbacks)
        + "]\n"
        + "settings:\n"
        + "  capture_message_content: "
        + (content ? "span_only" : "no_content")
        + "\n"
        + "  publish_global: false\n"
        + "  shutdown_hook: false\n"
        + extraSettings;
  }

  /** Our framework, the given callbacks, every exporter discarding. */
  public static TelemetryRuntime start(List<String> callbacks, boolean content, boolean metrics) {
    return start(discarding(), callbacks, content, metrics ? "bench-discard" : "none", "");
  }

  /** Our framework on {@code registry}. */
  public static TelemetryRuntime start(
      PresetRegistry registry,
      List<String> callbacks,
      boolean content,
      String otelMetrics,
      String extraSettings) {
    GenAiTelemetry t =
        OtelPresets.builder()
            .registry(registry)
            .environment(
                environment(
                    callbacks.contains("otel") ? DiscardingExporterProviders.NAME : null,
                    otelMetrics))
            .configYaml(yaml(callbacks, content, extraSettings))
            .build();
    return (TelemetryRuntime) t;
  }

  /** {@code runtime}'s owner pipelines for {@code owners}, in that order. */
  public static List<OwnerScopedSpanExporter> exporters(
      TelemetryRuntime runtime, List<String> owners) {
    return owners.stream()
        .map(
            o ->
                runtime.exporters().stream()
                    .filter(e -> e.owner().equals(ExporterOwner.of(o)))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no owner " + o)))
        .toList();
  }

  /** "owner handed N spans" for each exporter, when it is one of ours. */
  public static String handedSpans(TelemetryRuntime runtime) {
    StringBuilder sb = new StringBuilder();
    for (OwnerScopedSpanExporter e : runtime.exporters()) {
      if (e.delegate() instanceof DiscardingSpanExporter d) {
        sb.append(sb.length() == 0 ? "" : ", ").append(e.owner()).append('=').append(d.spans());
      }
    }
    return sb.toString();
  }

  /** A real provider whose exporters get another transport. */
  private static final class Rewired implements PresetProvider {
    private final PresetProvider real;
    private final BiFunction<ExporterSpec, OtlpExporterFactory, SpanExporter> transport;

    Rewired(
        PresetProvider real,
        BiFunction<ExporterSpec, OtlpExporterFactory, SpanExporter> transport) {
      this.real = real;
      this.transport = transport;
    }

    @Override
    public String name() {
      return real.name();
    }

    @Override
    public Set<String> aliases() {
      return real.aliases();
    }

    @Override
    public ExporterOwner owner() {
      return real.owner();
    }

    @Override
    public String description() {
      return real.description();
    }

    @Override
    public List<SettingSpec> settings() {
      return real.settings();
    }

    @Override
    public Preset create(PresetSettings settings) {
      Preset p = real.create(settings);
      Preset.Builder b =
          Preset.builder(p.owner())
              .mapper(p.mapper())
              .resourceOverlay(p.resourceOverlay())
              .tenantRule(p.tenantRule());
      for (ExporterSpec spec : p.exporters()) {
        b.exporter(
            spec.toBuilder().customFactory((s, otlp) -> transport.apply(spec, otlp)).build());
      }
      return b.build();
    }
  }
}
