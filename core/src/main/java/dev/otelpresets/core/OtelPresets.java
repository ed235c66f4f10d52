package dev.otelpresets.core;

import dev.otelpresets.core.config.ConfigLoader;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.core.discovery.PresetRegistry;
import dev.otelpresets.core.internal.BuildVersion;
import dev.otelpresets.core.internal.CompositionRoot;
import dev.otelpresets.core.internal.GlobalHandle;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Entry point without Guice: load the config, find the presets, start the one SDK.
 *
 * <pre>{@code
 * try (GenAiTelemetry telemetry = OtelPresets.builder().configFile(Path.of("otel-presets.yaml")).build()) {
 *   LlmCall call = telemetry.startCall(LlmRequest.builder().provider("openai").requestModel("gpt-4o").build());
 *   ...
 *   call.end(response);
 * }
 * }</pre>
 */
public final class OtelPresets {
  private OtelPresets() {}

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Publishes otel-presets' handle as {@code GlobalOpenTelemetry} right now, before anything can
   * read the global and lock in a no-op. Call it first thing in {@code main} when libraries that
   * read the global may run before otel-presets starts; spans recorded through the global before
   * start are dropped, those after start reach every backend.
   *
   * @return false when the global was already taken by something else
   */
  public static boolean publishGlobalHandle() {
    return GlobalHandle.publishIfUnset();
  }

  /**
   * The otel-presets version this jar was built from, e.g. {@code 0.1.0}: the instrumentation
   * scope version of every span, metric and log record otel-presets records (scope {@code
   * dev.otelpresets}), so a backend can tell releases apart.
   */
  public static String version() {
    return BuildVersion.VERSION;
  }

  /** Builder for a running {@link GenAiTelemetry}. */
  public static final class Builder {
    private Environment environment = Environment.system();
    private Path configFile;
    private String configYaml;
    private OtelPresetsConfig config;
    private ClassLoader classLoader;
    private PresetRegistry registry;
    private Boolean publishGlobal;

    private Builder() {}

    /** The variables to read instead of the process environment (tests, embedding). */
    public Builder environment(Map<String, String> vars) {
      this.environment = Environment.of(vars);
      return this;
    }

    public Builder environment(Environment environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** Reads the YAML configuration from a file. */
    public Builder configFile(Path file) {
      this.configFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** Uses YAML text as the configuration. */
    public Builder configYaml(String yaml) {
      this.configYaml = Objects.requireNonNull(yaml, "yaml");
      return this;
    }

    /** Uses an already loaded configuration. */
    public Builder config(OtelPresetsConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** Where to look for presets (default: the thread's context class loader). */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    /** Uses these presets instead of discovering them. */
    public Builder registry(PresetRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Overrides {@code settings.publish_global}. */
    public Builder publishGlobal(boolean publish) {
      this.publishGlobal = publish;
      return this;
    }

    /** The configuration this builder would use. */
    public OtelPresetsConfig loadConfig() {
      OtelPresetsConfig c = config;
      if (c == null && configFile != null) {
        c = ConfigLoader.create(environment).load(configFile);
      } else if (c == null && configYaml != null) {
        c = ConfigLoader.create(environment).parse(configYaml, "<inline config>");
      } else if (c == null) {
        c = OtelPresetsConfig.empty();
      }
      return publishGlobal == null ? c : c.withPublishGlobal(publishGlobal);
    }

    /** The variables this builder reads (the process environment unless one was given). */
    public Environment loadEnvironment() {
      return environment;
    }

    /** The presets this builder would use. */
    public PresetRegistry loadRegistry() {
      if (registry != null) {
        return registry;
      }
      ClassLoader cl =
          classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
      return PresetRegistry.load(cl != null ? cl : OtelPresets.class.getClassLoader());
    }

    /**
     * Resolves every preset, then builds and starts the one SDK — through the same Guice
     * composition root as {@code OtelPresetsModule} and the Java agent extension.
     *
     * @throws dev.otelpresets.core.config.ConfigException for any configuration problem
     * @throws GlobalOpenTelemetryConflictException when the global is held elsewhere
     */
    public GenAiTelemetry build() {
      return CompositionRoot.startLibrary(loadConfig(), environment, this::loadRegistry);
    }
  }
}
