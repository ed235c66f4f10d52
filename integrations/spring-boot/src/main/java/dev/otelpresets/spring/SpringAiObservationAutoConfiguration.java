package dev.otelpresets.spring;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.spring.internal.ChatObservationHandler;
import dev.otelpresets.spring.internal.EmbeddingObservationHandler;
import dev.otelpresets.spring.internal.ToolObservationHandler;
import io.micrometer.tracing.Tracer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Spring AI's chat, embedding and tool-calling observations recorded as the canonical GenAI spans
 * (and the GenAI metrics, once per call) through the {@link GenAiTelemetry}: each observation's
 * one span is the canonical one, never a second span beside Micrometer Tracing's.
 */
@AutoConfiguration(
    after = OtelPresetsAutoConfiguration.class,
    afterName =
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
@ConditionalOnClass(
    name = {
      "org.springframework.ai.chat.observation.ChatModelObservationContext",
      "io.micrometer.tracing.otel.bridge.OtelSpan"
    })
@ConditionalOnBean({GenAiTelemetry.class, Tracer.class})
public class SpringAiObservationAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public ChatObservationHandler otelPresetsChatObservationHandler(
      GenAiTelemetry telemetry, Tracer tracer) {
    return new ChatObservationHandler(telemetry, tracer);
  }

  @Bean
  @ConditionalOnMissingBean
  public EmbeddingObservationHandler otelPresetsEmbeddingObservationHandler(
      GenAiTelemetry telemetry, Tracer tracer) {
    return new EmbeddingObservationHandler(telemetry, tracer);
  }

  @Bean
  @ConditionalOnMissingBean
  public ToolObservationHandler otelPresetsToolObservationHandler(
      GenAiTelemetry telemetry, Tracer tracer) {
    return new ToolObservationHandler(telemetry, tracer);
  }
}
