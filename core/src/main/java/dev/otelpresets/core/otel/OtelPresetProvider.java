package dev.otelpresets.core.otel;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in {@code otel} callback: the operator's own collector, configured by the standard
 * {@code OTEL_*} variables with exactly the meaning the OpenTelemetry Java SDK autoconfigure gives
 * them — traces, metrics and logs. The settings below are the same variables, settable in YAML
 * ({@code presets.otel.endpoint}), where they win over the environment like every preset setting.
 *
 * <p>It contributes no exporter spec of its own: autoconfigure builds its exporters, and the core
 * wraps each one in the {@code otel} owner's pipeline (internal keys stripped, canonical
 * vocabulary).
 */
public final class OtelPresetProvider implements PresetProvider {
  /** The callback name. */
  public static final String NAME = "otel";

  /** Setting key to the autoconfigure property it sets. */
  public static final Map<String, String> PROPERTY_BY_SETTING;

  private static final List<SettingSpec> SETTINGS;

  static {
    Map<String, String> m = new LinkedHashMap<>();
    List<SettingSpec> s = new ArrayList<>();
    add(
        m,
        s,
        "endpoint",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        false,
        "base URL of the collector for all signals");
    add(
        m,
        s,
        "protocol",
        "OTEL_EXPORTER_OTLP_PROTOCOL",
        false,
        "grpc (the Java SDK's default, port 4317) or http/protobuf (port 4318)");
    add(
        m,
        s,
        "headers",
        "OTEL_EXPORTER_OTLP_HEADERS",
        true,
        "key=value,... sent with every export");
    add(
        m,
        s,
        "traces_endpoint",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        false,
        "full URL for traces");
    add(
        m,
        s,
        "metrics_endpoint",
        "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
        false,
        "full URL for metrics");
    add(m, s, "logs_endpoint", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", false, "full URL for logs");
    add(m, s, "traces_exporter", "OTEL_TRACES_EXPORTER", false, "otlp (default), console, none");
    add(m, s, "metrics_exporter", "OTEL_METRICS_EXPORTER", false, "otlp (default), console, none");
    add(m, s, "logs_exporter", "OTEL_LOGS_EXPORTER", false, "otlp (default), console, none");
    add(
        m,
        s,
        "metric_export_interval",
        "OTEL_METRIC_EXPORT_INTERVAL",
        false,
        "milliseconds between metric exports (default 60000)");
    PROPERTY_BY_SETTING = Map.copyOf(m);
    SETTINGS = List.copyOf(s);
  }

  private static void add(
      Map<String, String> m,
      List<SettingSpec> s,
      String key,
      String env,
      boolean secret,
      String description) {
    m.put(key, env.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
    SettingSpec.Builder b = SettingSpec.builder(key).env(env).description(description);
    if (secret) {
      b.secret();
    }
    s.add(b.build());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ExporterOwner owner() {
    return ExporterOwner.OTEL;
  }

  @Override
  public String description() {
    return "Your own OpenTelemetry collector, from the standard OTEL_* variables (traces,"
        + " metrics, logs)";
  }

  @Override
  public List<SettingSpec> settings() {
    return SETTINGS;
  }

  @Override
  public Preset create(PresetSettings settings) {
    return Preset.builder(ExporterOwner.OTEL).build();
  }
}
