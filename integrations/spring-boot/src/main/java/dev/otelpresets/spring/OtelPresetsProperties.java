package dev.otelpresets.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code otel-presets.*} in {@code application.yaml}: the otel-presets YAML file's keys in Spring's
 * kebab-case ({@code settings.service_name} is {@code otel-presets.settings.service-name}), or
 * {@code otel-presets.config-file} pointing at such a file. Validated by the same rules as the file;
 * a bad value fails startup naming the property.
 */
@ConfigurationProperties(prefix = "otel-presets")
public class OtelPresetsProperties {
  private List<String> callbacks = new ArrayList<>();
  private Map<String, String> settings = new LinkedHashMap<>();
  private Map<String, Map<String, String>> presets = new LinkedHashMap<>();
  private String configFile;

  /** The backends, e.g. {@code [arize, langfuse, otel]}. */
  public List<String> getCallbacks() {
    return callbacks;
  }

  public void setCallbacks(List<String> callbacks) {
    this.callbacks = callbacks;
  }

  /** {@code settings.*} of the YAML file, e.g. {@code capture-message-content: span_only}. */
  public Map<String, String> getSettings() {
    return settings;
  }

  public void setSettings(Map<String, String> settings) {
    this.settings = settings;
  }

  /** {@code presets.<name>.*} of the YAML file, e.g. {@code langfuse.public-key}. */
  public Map<String, Map<String, String>> getPresets() {
    return presets;
  }

  public void setPresets(Map<String, Map<String, String>> presets) {
    this.presets = presets;
  }

  /**
   * An otel-presets YAML file to read instead of the properties above (which must then be
   * unset).
   */
  public String getConfigFile() {
    return configFile;
  }

  public void setConfigFile(String configFile) {
    this.configFile = configFile;
  }
}
