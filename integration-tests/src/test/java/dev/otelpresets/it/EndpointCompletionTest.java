package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.discovery.PresetRegistry;
import dev.otelpresets.core.internal.ResolvedPresetSettings;
import dev.otelpresets.spi.PresetProvider;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Completing a backend URL to its OTLP traces URL is idempotent for every built-in preset with an
 * OTLP/HTTP URL setting: the base, the base with a slash, with the preset's path prefix (with and
 * without a slash, and with {@code /v1}) and the full traces URL all give the same endpoint.
 */
class EndpointCompletionTest {
  private static final String BASE = "https://backend.example.com:8443";
  private static final PresetRegistry REGISTRY =
      PresetRegistry.load(EndpointCompletionTest.class.getClassLoader());

  /** A preset's URL setting, its path prefix and the other settings it needs. */
  record Case(String preset, String envVar, String prefix, Map<String, String> required) {
    @Override
    public String toString() {
      return preset + " (" + envVar + ", prefix '" + prefix + "')";
    }
  }

  static final List<Case> CASES =
      List.of(
          new Case(
              "arize",
              "ARIZE_HTTP_ENDPOINT",
              "",
              Map.of("ARIZE_SPACE_ID", "space", "ARIZE_API_KEY", "key")),
          new Case("phoenix", "PHOENIX_COLLECTOR_ENDPOINT", "", Map.of()),
          new Case(
              "langfuse",
              "LANGFUSE_HOST",
              "/api/public/otel",
              Map.of("LANGFUSE_PUBLIC_KEY", "pk", "LANGFUSE_SECRET_KEY", "sk")),
          new Case(
              "weave",
              "WANDB_HOST",
              "/otel",
              Map.of("WANDB_API_KEY", "key", "WANDB_PROJECT_ID", "team/project")),
          new Case(
              "levo",
              "LEVOAI_COLLECTOR_URL",
              "",
              Map.of("LEVOAI_API_KEY", "key", "LEVOAI_ORG_ID", "org", "LEVOAI_WORKSPACE_ID", "ws")),
          new Case(
              "agentops", "AGENTOPS_EXPORTER_ENDPOINT", "", Map.of("AGENTOPS_API_KEY", "key")));

  static Stream<Arguments> everyPresetAndForm() {
    return CASES.stream()
        .flatMap(
            c ->
                forms(c.prefix()).entrySet().stream()
                    .map(f -> Arguments.of(c, f.getKey(), f.getValue())));
  }

  private static Map<String, String> forms(String prefix) {
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("base", BASE);
    forms.put("base/", BASE + "/");
    forms.put("base+prefix", BASE + prefix);
    forms.put("base+prefix/", BASE + prefix + "/");
    forms.put("base+prefix/v1", BASE + prefix + "/v1");
    forms.put("full traces URL", BASE + prefix + "/v1/traces");
    forms.put("full traces URL/", BASE + prefix + "/v1/traces/");
    return forms;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("everyPresetAndForm")
  void everyFormGivesTheSameTracesUrl(Case c, String form, String url) {
    String expected = BASE + c.prefix() + "/v1/traces";
    assertEquals(expected, endpoint(c, url), form + " " + url);
    // completing the completed URL changes nothing
    assertEquals(expected, endpoint(c, endpoint(c, url)));
  }

  private static String endpoint(Case c, String url) {
    PresetProvider provider = REGISTRY.find(c.preset()).orElseThrow();
    Map<String, String> env = new HashMap<>(c.required());
    env.put(c.envVar(), url);
    return provider
        .create(ResolvedPresetSettings.resolve(provider, null, Environment.of(env)))
        .exporters()
        .get(0)
        .endpoint();
  }
}
