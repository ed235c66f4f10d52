package dev.otelpresets.core.internal;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.config.ConfigLoader;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.core.otel.OtelPresetProvider;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.support.internal.HeaderValues;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the framework hands OpenTelemetry autoconfigure on top of what it reads itself (YAML
 * queue settings, the {@code otel} preset's YAML values, {@code none} for signals nobody chose),
 * and autoconfigure's messages reworded to name the variables users set.
 */
public final class StandardOverrides {
  private StandardOverrides() {}

  /**
   * A value autoconfigure's own code refused ({@code e}), as one configuration error: the variable
   * named, and {@code alsoCheck} said as the other place the value may come from (e.g. {@code
   * otel.* system properties}).
   */
  public static ConfigException invalidSetting(
      io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException e, String alsoCheck) {
    // autoconfigure quotes the value, which may hold a line break: ConfigException keeps it one
    // line
    return new ConfigException(
        "invalid OpenTelemetry setting: "
            + namingVariables(e.getMessage())
            + ". Check the OTEL_* environment variables (and "
            + alsoCheck
            + ").");
  }

  /** Autoconfigure names properties ({@code otel.traces.exporter}); users set variables. */
  public static String namingVariables(String message) {
    if (message == null) {
      return "unknown problem";
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("otel(\\.[a-z0-9_-]+)+").matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String property = m.group();
      String variable = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
      m.appendReplacement(
          out, java.util.regex.Matcher.quoteReplacement(variable + " (" + property + ")"));
    }
    m.appendTail(out);
    if (message.contains("OTLP endpoint") && !message.contains("otel.")) {
      out.append(
          " (set by OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}"
              + "_ENDPOINT; a full http:// or https:// URL)");
    }
    if (isGrpcEndpointWithPath(message)) {
      out.append(GRPC_ENDPOINT_FIX);
    }
    return out.toString();
  }

  /** Whether autoconfigure's {@code message} refuses an endpoint with a path under grpc. */
  public static boolean isGrpcEndpointWithPath(String message) {
    return message != null && message.contains("must not have a path");
  }

  /**
   * How to mend an endpoint with a path under grpc: the SDK's default protocol, which users of
   * OTLP/HTTP collectors (a URL ending in {@code /v1/traces}) meet first.
   */
  public static final String GRPC_ENDPOINT_FIX =
      ": the protocol is grpc (the Java SDK's default), whose endpoint is scheme://host:port only;"
          + " for OTLP/HTTP set the protocol to http/protobuf (presets.otel.protocol or"
          + " OTEL_EXPORTER_OTLP_PROTOCOL)";

  /**
   * The properties the framework hands autoconfigure on top of what it reads itself — shared with
   * diagnostics ({@code otel-presets doctor}) so they show exactly what the SDK will do.
   */
  public static Map<String, String> of(
      ConfigProperties props,
      Environment env,
      PresetSelection selection,
      OtelPresetsConfig config) {
    Map<String, String> o = new HashMap<>();
    // the YAML queue settings size the otel callback's processor too, like every preset's
    config.maxQueueSize().ifPresent(v -> o.put("otel.bsp.max.queue.size", v.toString()));
    config
        .maxExportBatchSize()
        .ifPresent(v -> o.put("otel.bsp.max.export.batch.size", v.toString()));
    config.scheduleDelay().ifPresent(v -> o.put("otel.bsp.schedule.delay", v.toMillis() + "ms"));
    config.exportTimeout().ifPresent(v -> o.put("otel.bsp.export.timeout", v.toMillis() + "ms"));
    if (!env.isProcessEnvironment()) {
      env.asMap()
          .forEach(
              (k, v) -> {
                if (k.startsWith("OTEL_")) {
                  o.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v);
                }
              });
    }
    for (PresetSelection.Selected s : selection.selected()) {
      if (s.provider().owner().equals(ExporterOwner.OTEL)) {
        s.settings()
            .values()
            .forEach(
                (key, value) -> {
                  if (value.source() == ResolvedPresetSettings.Source.YAML) {
                    o.put(OtelPresetProvider.PROPERTY_BY_SETTING.get(key), value.value());
                  }
                });
        // presets.otel.compression: the standard OTEL_EXPORTER_OTLP_COMPRESSION, from YAML
        s.settings().compression().ifPresent(c -> o.put("otel.exporter.otlp.compression", c));
      }
    }
    // the SDK's own limit backs up ContentLimit for every other attribute; the YAML setting wins
    // like the other settings.*, the standard variables keep their meaning when it is absent
    if (config.maxAttributeValueLength().isPresent()) {
      String v = config.maxAttributeValueLength().get().toString();
      o.put("otel.attribute.value.length.limit", v);
      o.put("otel.span.attribute.value.length.limit", v);
    } else if (!o.containsKey("otel.attribute.value.length.limit")
        && !o.containsKey("otel.span.attribute.value.length.limit")
        && props.getString("otel.attribute.value.length.limit") == null
        && props.getString("otel.span.attribute.value.length.limit") == null) {
      o.put(
          "otel.attribute.value.length.limit",
          String.valueOf(ConfigLoader.DEFAULT_ATTRIBUTE_VALUE_LENGTH));
    }
    checkOtlpHeaders(o, props);
    checkOtlpEndpoints(o, props);
    if (!selection.otelSelected()) {
      for (String signal : List.of("traces", "metrics", "logs")) {
        String key = "otel." + signal + ".exporter";
        if (!o.containsKey(key) && props.getString(key) == null) {
          o.put(key, "none");
        }
      }
    }
    BatchProcessors.checkStandardValues(
        key -> o.containsKey(key) ? o.get(key) : props.getString(key));
    return o;
  }

  /**
   * The {@code OTEL_EXPORTER_OTLP_*HEADERS} values pass the same check as every preset's header
   * value ({@link HeaderValues}), after the URL-decoding the SDK applies: a line break in one would
   * otherwise fail every export, and the JDK's error would quote the value.
   */
  private static void checkOtlpHeaders(Map<String, String> overrides, ConfigProperties props) {
    for (String signal : List.of("", "traces.", "metrics.", "logs.")) {
      String property = "otel.exporter.otlp." + signal + "headers";
      Map<String, String> headers =
          overrides.containsKey(property)
              ? parseHeaders(overrides.get(property))
              : props.getMap(property);
      headers.forEach(
          (name, raw) -> {
            String value;
            try {
              value = java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
              value = raw;
            }
            HeaderValues.problem(value.trim())
                .ifPresent(
                    problem -> {
                      throw new ConfigException(
                          namingVariables(property)
                              + ": header '"
                              + name.trim()
                              + "' "
                              + problem
                              + "; "
                              + HeaderValues.FIX);
                    });
          });
    }
  }

  /**
   * An {@code OTEL_EXPORTER_OTLP_*ENDPOINT} with credentials before '@' is refused without showing
   * it: the OTLP exporters never send them, and doctor prints every endpoint.
   */
  private static void checkOtlpEndpoints(Map<String, String> overrides, ConfigProperties props) {
    for (String signal : List.of("", "traces.", "metrics.", "logs.")) {
      String property = "otel.exporter.otlp." + signal + "endpoint";
      String url =
          overrides.containsKey(property) ? overrides.get(property) : props.getString(property);
      if (url == null) {
        continue;
      }
      try {
        if (new java.net.URI(url.trim()).getRawUserInfo() == null) {
          continue;
        }
      } catch (java.net.URISyntaxException e) {
        continue; // autoconfigure words the invalid URL
      }
      throw new ConfigException(
          namingVariables(property)
              + ": the URL carries credentials before '@' (not shown), which the OTLP exporters"
              + " never send. Remove them and pass the credentials as a header"
              + " (OTEL_EXPORTER_OTLP_HEADERS, or presets.otel.headers).");
    }
  }

  /** {@code k=v,k2=v2} as autoconfigure reads it. */
  private static Map<String, String> parseHeaders(String text) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
      }
    }
    return out;
  }
}
