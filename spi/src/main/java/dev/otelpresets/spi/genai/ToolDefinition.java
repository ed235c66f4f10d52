package dev.otelpresets.spi.genai;

import java.util.Map;
import java.util.Objects;

/**
 * A tool offered to the model, as in {@code gen_ai.tool.definitions}: {@code
 * {"type":"function","name":...,"description":...,"parameters":{json schema}}}.
 */
public record ToolDefinition(String type, String name, String description,
    Map<String, Object> parameters) {

  public ToolDefinition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    parameters = parameters == null ? Map.of() : parameters;
  }

  /** A function tool. */
  public static ToolDefinition function(String name, String description,
      Map<String, Object> parameters) {
    return new ToolDefinition("function", name, description, parameters);
  }
}
