package dev.otelpresets.spring.internal;

import dev.otelpresets.core.config.ConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a configuration problem as its one line, instead of a bean creation stack. */
public final class ConfigFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
    return new FailureAnalysis(
        cause.getMessage(), "Fix the otel-presets configuration named above.", cause);
  }
}
