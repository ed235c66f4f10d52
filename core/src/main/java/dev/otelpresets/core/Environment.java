package dev.otelpresets.core;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The environment variables the framework reads: preset settings ({@code LANGFUSE_HOST}), {@code
 * ${VAR}} substitution in the config and the standard {@code OTEL_*} variables. Normally the process
 * environment; tests and embedders pass a map instead, so nothing ever writes to the real
 * environment.
 */
public final class Environment {
  private static final Environment SYSTEM = new Environment(null);

  private final Map<String, String> vars; // null means the process environment

  private Environment(Map<String, String> vars) {
    this.vars = vars;
  }

  /** The process environment ({@link System#getenv()}). */
  public static Environment system() {
    return SYSTEM;
  }

  /** A fixed set of variables, for tests and embedding. */
  public static Environment of(Map<String, String> vars) {
    return new Environment(Map.copyOf(Objects.requireNonNull(vars, "vars")));
  }

  /** Whether this is the real process environment. */
  public boolean isProcessEnvironment() {
    return vars == null;
  }

  /** The variable's value; blank values count as unset. */
  public Optional<String> get(String name) {
    String v = vars == null ? System.getenv(name) : vars.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
  }

  /** Every variable, as a map. */
  public Map<String, String> asMap() {
    return vars == null ? System.getenv() : vars;
  }

  /** Never prints values: they may be secrets. */
  @Override
  public String toString() {
    return vars == null ? "Environment{process}" : "Environment{" + vars.size() + " variables}";
  }
}
