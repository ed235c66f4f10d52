package dev.otelpresets.core.testpresets;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import java.util.Map;

/** Starts private (non-global) instances from inline YAML with an injected environment. */
public final class Instances {
  private Instances() {}

  /** A builder for {@code yaml} with no environment variables and no global. */
  public static OtelPresets.Builder builder(String yaml) {
    return builder(yaml, Map.of());
  }

  public static OtelPresets.Builder builder(String yaml, Map<String, String> env) {
    return OtelPresets.builder().configYaml(yaml).environment(env).publishGlobal(false);
  }

  /** Starts a private instance; {@code callbacks} is the YAML list body, e.g. "mem-alpha". */
  public static GenAiTelemetry start(String yaml) {
    return builder(yaml).build();
  }

  public static GenAiTelemetry start(String yaml, Map<String, String> env) {
    return builder(yaml, env).build();
  }

  /** YAML selecting {@code callbacks} without a shutdown hook, plus extra top-level lines. */
  public static String yaml(String callbacks, String... extraLines) {
    StringBuilder sb = new StringBuilder("callbacks: [" + callbacks + "]\n");
    boolean settings = false;
    for (String l : extraLines) {
      if (l.startsWith("settings:")) {
        settings = true;
      }
    }
    if (!settings) {
      sb.append("settings:\n  shutdown_hook: false\n");
    }
    for (String l : extraLines) {
      sb.append(l).append('\n');
    }
    return sb.toString();
  }
}
