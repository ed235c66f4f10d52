package dev.otelpresets.testkit.conformance;

import dev.otelpresets.testkit.OtlpReceiver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the conformance suite points the built-in presets at an embedded receiver when it combines
 * them with the preset under test. Knows the built-ins by their documented environment variables
 * only (the testkit has no compile-time dependency on preset modules); a preset is used as a
 * companion only when its jar is on the test classpath.
 */
public final class CompanionPresets {
  /** Companions in order of preference: the plain collector, then distinct vocabularies. */
  public static final List<String> PREFERENCE =
      List.of("otel", "langfuse", "phoenix", "levo", "weave", "arize");

  private CompanionPresets() {}

  /**
   * The environment that points built-in preset {@code name} at {@code receiver} over OTLP/HTTP,
   * or empty when the suite has no recipe for it (e.g. {@code agentops}, which needs a token
   * endpoint: see {@link #env(String, OtlpReceiver, String)}).
   */
  public static Optional<Map<String, String>> env(String name, OtlpReceiver receiver) {
    return env(name, receiver, null);
  }

  /**
   * As {@link #env(String, OtlpReceiver)}, and for {@code agentops} too when {@code tokenApi} (an
   * AgentOps-like token endpoint such as {@code FakeTokenEndpoint.baseUrl()}) is given.
   */
  public static Optional<Map<String, String>> env(
      String name, OtlpReceiver receiver, String tokenApi) {
    Map<String, String> env = new LinkedHashMap<>();
    String base = receiver.baseUrl();
    switch (name) {
      case "otel" -> {
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", base);
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        env.put("OTEL_METRICS_EXPORTER", "none");
        env.put("OTEL_LOGS_EXPORTER", "none");
      }
      case "langfuse" -> {
        env.put("LANGFUSE_HOST", base);
        env.put("LANGFUSE_PUBLIC_KEY", "pk-lf-companion");
        env.put("LANGFUSE_SECRET_KEY", "sk-lf-companion");
      }
      case "phoenix" -> {
        env.put("PHOENIX_COLLECTOR_HTTP_ENDPOINT", base);
        env.put("PHOENIX_API_KEY", "phoenix-companion-key");
      }
      case "levo" -> {
        env.put("LEVOAI_COLLECTOR_URL", base);
        env.put("LEVOAI_API_KEY", "levo-companion-key");
        env.put("LEVOAI_ORG_ID", "org-companion");
        env.put("LEVOAI_WORKSPACE_ID", "ws-companion");
      }
      case "weave" -> {
        env.put("WANDB_HOST", base);
        env.put("WANDB_API_KEY", "wandb-companion-key");
        env.put("WANDB_PROJECT_ID", "companion-team/companion-project");
      }
      case "arize" -> {
        env.put("ARIZE_HTTP_ENDPOINT", base);
        env.put("ARIZE_SPACE_ID", "arize-companion-space");
        env.put("ARIZE_API_KEY", "arize-companion-key");
      }
      case "agentops" -> {
        if (tokenApi == null) {
          return Optional.empty();
        }
        env.put("AGENTOPS_API_KEY", "agentops-companion-key");
        env.put("AGENTOPS_API_ENDPOINT", tokenApi);
        env.put("AGENTOPS_EXPORTER_ENDPOINT", receiver.tracesUrl());
      }
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(env);
  }
}
