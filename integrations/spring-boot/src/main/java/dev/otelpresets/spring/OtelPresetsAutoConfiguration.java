package dev.otelpresets.spring;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.GlobalOpenTelemetryConflictException;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.spring.internal.OtelVersionCheck;
import dev.otelpresets.spring.internal.PropertiesConfig;
import io.opentelemetry.api.OpenTelemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Starts otel-presets' one SDK from {@code otel-presets.*} and exposes it: the {@link
 * GenAiTelemetry} and the process's one {@link OpenTelemetry}, which Spring Boot's own OpenTelemetry
 * and Micrometer Tracing auto-configurations then use (they back off when an {@code OpenTelemetry}
 * bean exists), so Spring's HTTP server spans and the LLM spans share one SDK and one trace.
 */
@AutoConfiguration(
    beforeName = {
      "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
      // the OpenTelemetry Spring Boot starter's SDK backs off too, its instrumentations use this
      // one
      "io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration"
    })
@EnableConfigurationProperties(OtelPresetsProperties.class)
public class OtelPresetsAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(OtelPresetsAutoConfiguration.class);

  /**
   * The one logger. An {@link Environment} bean replaces the process environment as the source of
   * preset variables ({@code LANGFUSE_HOST}) and {@code ${VAR}}s of a config file.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public GenAiTelemetry genAiTelemetry(
      OtelPresetsProperties properties, ObjectProvider<Environment> environment) {
    OtelVersionCheck.requireSupported();
    Environment env = environment.getIfAvailable(Environment::system);
    boolean fromFile = properties.getConfigFile() != null && !properties.getConfigFile().isBlank();
    OtelPresetsConfig config = PropertiesConfig.load(properties, env);
    try {
      return OtelPresets.builder().environment(env).config(config).build();
    } catch (ConfigException e) {
      throw fromFile ? e : PropertiesConfig.reword(e);
    } catch (GlobalOpenTelemetryConflictException e) {
      if (fromFile || PropertiesConfig.setsPublishGlobal(properties)) {
        throw e;
      }
      // another application context of this JVM (Spring's test framework keeps one per
      // configuration) runs otel-presets and owns the global: this one records privately
      log.warn(
          "otel-presets: {} otel-presets.settings.publish-global is not set, so this application"
              + " context records through an SDK of its own (its OpenTelemetry bean), not the"
              + " global one.",
          e.getMessage());
      return OtelPresets.builder().environment(env).config(config.withPublishGlobal(false)).build();
    }
  }

  /**
   * Refuses a second SDK: an {@code OpenTelemetry} bean the application (or a library) defines
   * itself would record Spring's spans apart from the LLM spans, into other exporters.
   */
  @Bean
  public static org.springframework.beans.factory.SmartInitializingSingleton otelPresetsOneSdkCheck(
      ObjectProvider<OpenTelemetry> openTelemetry, ObjectProvider<GenAiTelemetry> telemetry) {
    return () -> {
      GenAiTelemetry t = telemetry.getIfUnique();
      OpenTelemetry o = openTelemetry.getIfUnique();
      if (t != null && o != null && o != t.openTelemetry()) {
        throw new ConfigException(
            "the application context has its own OpenTelemetry bean ("
                + o.getClass().getName()
                + ") besides otel-presets' SDK; that would be two SDKs and"
                + " split every trace. Remove that bean (otel-presets' OpenTelemetry bean takes its"
                + " place).");
      }
    };
  }

  /** The SDK every span of the process goes through: Spring's, Spring AI's, the application's. */
  @Bean
  @ConditionalOnMissingBean
  public OpenTelemetry openTelemetry(GenAiTelemetry telemetry) {
    return telemetry.openTelemetry();
  }
}
