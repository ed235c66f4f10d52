package dev.otelpresets.core.internal;

import static dev.otelpresets.core.testpresets.Instances.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.testpresets.AlphaPreset;
import dev.otelpresets.core.testpresets.FailingCreatePreset;
import dev.otelpresets.core.testpresets.Instances;
import dev.otelpresets.core.testpresets.Sinks;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PresetSelectionTest {

  @AfterEach
  void resetSinks() {
    Sinks.reset();
  }

  private static ConfigException startFails(String yaml) {
    return startFails(yaml, Map.of());
  }

  private static ConfigException startFails(String yaml, Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> Instances.start(yaml, env).close());
  }

  private static void assertContains(String haystack, String... needles) {
    for (String n : needles) {
      assertTrue(haystack.contains(n), () -> "expected <" + n + "> in: " + haystack);
    }
  }

  private static SpanData oneCall(GenAiTelemetry t, String sink) {
    t.startCall(LlmRequest.builder().provider("openai").requestModel("gpt-4o").build())
        .end(LlmResponse.empty());
    assertTrue(t.forceFlush());
    return Sinks.of(sink).only();
  }

  @Test
  void unknownCallbackListsPresetsFoundAndSuggestsTheClosest() {
    ConfigException e = startFails(yaml("otel, mem-alpah"));
    assertEquals(
        "<inline config>:1:19: callbacks: unknown callback 'mem-alpah'. Did you mean"
            + " 'mem-alpha'? Presets found on the classpath: mem-alpha (alias mem_alpha_legacy),"
            + " mem-beta, mem-broken-mapper, mem-failing-create, mem-required, mem-self-hosted, otel. A preset is"
            + " available when its jar is on the classpath.",
        e.getMessage());
  }

  @Test
  void presetsSectionForAPresetNotOnTheClasspathIsReported() {
    ConfigException e = startFails(yaml("otel", "presets:", "  langfuse:", "    public_key: pk-1"));
    assertContains(
        e.getMessage(),
        "presets.langfuse: unknown callback 'langfuse'.",
        "Presets found on the classpath: mem-alpha");
    // the line of the section's name (5), not of its first setting (6)
    assertTrue(
        e.getMessage().startsWith("<inline config>:5:3: presets.langfuse: "), e.getMessage());
  }

  @Test
  void missingRequiredSettingNamesYamlKeyAndEnvVar() {
    ConfigException e = startFails(yaml("mem-required"));
    assertEquals(
        "<inline config>:1:13: callbacks: preset 'mem-required' needs"
            + " presets.mem-required.api_key (or environment variable MEM_REQUIRED_API_KEY), which is"
            + " not set. Set it in the config file or the environment.",
        e.getMessage());
  }

  @Test
  void blankRequiredSettingCountsAsMissing() {
    ConfigException e =
        startFails(
            yaml("mem-required", "presets:", "  mem-required:", "    api_key: \"  \""),
            Map.of("MEM_REQUIRED_API_KEY", ""));
    assertContains(e.getMessage(), "needs presets.mem-required.api_key");
  }

  @Test
  void requiredSettingFromEnvOrYamlStarts() {
    try (GenAiTelemetry t =
        Instances.start(yaml("mem-required"), Map.of("MEM_REQUIRED_API_KEY", "sk-env"))) {
      assertEquals(List.of("mem-required"), t.presetNames());
    }
    try (GenAiTelemetry t =
        Instances.start(
            yaml("mem-required", "presets:", "  mem-required:", "    api_key: sk-yaml"))) {
      assertEquals(List.of("mem-required"), t.presetNames());
    }
  }

  @Test
  void yamlValueWinsOverEnvVarWhichWinsOverDefault() {
    Map<String, String> env = Map.of("MEM_ALPHA_PROJECT", "env-project");
    try (GenAiTelemetry t =
        Instances.start(
            yaml("mem-alpha", "presets:", "  mem-alpha:", "    project: yaml-project"), env)) {
      assertEquals(
          "yaml-project", oneCall(t, "mem-alpha").getResource().getAttribute(AlphaPreset.PROJECT));
    }
    try (GenAiTelemetry t = Instances.start(yaml("mem-alpha"), env)) {
      assertEquals(
          "env-project", oneCall(t, "mem-alpha").getResource().getAttribute(AlphaPreset.PROJECT));
    }
    try (GenAiTelemetry t = Instances.start(yaml("mem-alpha"))) {
      assertEquals(
          "alpha-default", oneCall(t, "mem-alpha").getResource().getAttribute(AlphaPreset.PROJECT));
    }
  }

  @Test
  void sectionUnderTheAliasConfiguresThePreset() {
    try (GenAiTelemetry t =
        Instances.start(
            yaml("mem-alpha", "presets:", "  mem_alpha_legacy:", "    project: via-alias"))) {
      assertEquals(
          "via-alias", oneCall(t, "mem-alpha").getResource().getAttribute(AlphaPreset.PROJECT));
    }
  }

  @Test
  void sectionUnderNameAndAliasIsAnError() {
    ConfigException e =
        startFails(
            yaml(
                "mem-alpha",
                "presets:",
                "  mem-alpha:",
                "    project: a",
                "  mem_alpha_legacy:",
                "    project: b"));
    // both places are the sections' names, where the user looks for them
    assertEquals(
        "<inline config>:7:3: presets.mem_alpha_legacy: preset 'mem-alpha' is configured twice"
            + " (also at <inline config>:5:3); keep one section.",
        e.getMessage());
  }

  @Test
  void unknownKeyInPresetSectionListsTheValidSettings() {
    ConfigException e =
        startFails(
            yaml("mem-required", "presets:", "  mem-required:", "    api_kye: sk-secret-123"));
    assertContains(
        e.getMessage(),
        "<inline config>:6:5: presets.mem-required.api_kye:"
            + " unknown key 'api_kye' for preset 'mem-required'. Did you mean 'api_key'?"
            + " Valid keys: api_key, region, sample_ratio, capture_message_content, redact, compression.");
    assertFalse(e.getMessage().contains("sk-secret-123"), e.getMessage());
  }

  @Test
  void presetSettingMustBeASingleValue() {
    ConfigException e =
        startFails(yaml("mem-alpha", "presets:", "  mem-alpha:", "    project: [a, b]"));
    assertContains(
        e.getMessage(), "presets.mem-alpha.project: expected a single value but" + " found a list");
  }

  @Test
  void callbackListedTwiceOrByNameAndAliasIsSelectedAndExportedOnce() {
    try (GenAiTelemetry t = Instances.start(yaml("mem-alpha, mem_alpha_legacy, MEM-ALPHA"))) {
      assertEquals(List.of("mem-alpha"), t.presetNames());
      assertEquals(
          List.of("mem-alpha"),
          ((TelemetryRuntime) t).exporters().stream().map(x -> x.owner().id()).toList());
      SpanData span = oneCall(t, "mem-alpha");
      assertEquals("chat gpt-4o", span.getName());
    }
  }

  @Test
  void presetWhoseCreateThrowsIsNamedWithoutItsMessage() {
    ConfigException e = startFails(yaml("mem-alpha, mem-failing-create"));
    assertTrue(
        e.getMessage()
            .startsWith(
                "<inline config>:1:24: callbacks: preset"
                    + " 'mem-failing-create' ("
                    + FailingCreatePreset.class.getName()
                    + ") failed to build:"
                    + " IllegalStateException at "
                    + FailingCreatePreset.class.getName()
                    + ".create("),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                ". This is a bug in the preset (a bad setting must be"
                    + " reported as a PresetConfigurationException); remove it from callbacks to start"
                    + " without it."),
        e.getMessage());
    assertFalse(e.getMessage().contains(FailingCreatePreset.SECRET_IN_MESSAGE));
  }

  @Test
  void illegalArgumentFromCreateIsAPresetBugToo() {
    // docs/writing-a-preset.md: only PresetConfigurationException is a configuration error
    ConfigException e =
        startFails(
            yaml(
                "mem-failing-create",
                "presets:",
                "  mem-failing-create:",
                "    failure: argument"));
    assertContains(
        e.getMessage(),
        "failed to build: IllegalArgumentException at ",
        "This is a bug in the preset");
    assertFalse(e.getMessage().contains("cannot start"), e.getMessage());
    assertFalse(e.getMessage().contains(FailingCreatePreset.SECRET_IN_MESSAGE), e.getMessage());
  }

  @Test
  void presetConfigurationExceptionFromCreateIsAConfigurationError() {
    ConfigException e =
        startFails(
            yaml("mem-failing-create", "presets:", "  mem-failing-create:", "    failure: config"));
    assertEquals(
        "<inline config>:1:13: callbacks: preset 'mem-failing-create' cannot start:"
            + " presets.mem-failing-create.failure asks for a configuration error; set it to"
            + " 'state'",
        e.getMessage());
  }

  @Test
  void requiredUnlessSettingIsMissingOnlyWhenTheOtherIsNotSetEither() {
    ConfigException e = startFails(yaml("mem-self-hosted"));
    assertEquals(
        "<inline config>:1:13: callbacks: preset 'mem-self-hosted' needs"
            + " presets.mem-self-hosted.api_key (or environment variable MEM_SELF_HOSTED_API_KEY),"
            + " which is not set; it is required unless presets.mem-self-hosted.endpoint (or"
            + " environment variable MEM_SELF_HOSTED_ENDPOINT) is set. Set the first for the hosted"
            + " service, or the second for your own server.",
        e.getMessage());
    // the endpoint's default (the hosted service) does not count; a blank key is not set
    startFails(yaml("mem-self-hosted"), Map.of("MEM_SELF_HOSTED_API_KEY", " "));

    try (GenAiTelemetry t =
        Instances.start(
            yaml("mem-self-hosted"), Map.of("MEM_SELF_HOSTED_ENDPOINT", "http://127.0.0.1:4318"))) {
      assertEquals(List.of("mem-self-hosted"), t.presetNames());
    }
    try (GenAiTelemetry t =
        Instances.start(
            yaml(
                "mem-self-hosted",
                "presets:",
                "  mem-self-hosted:",
                "    endpoint: http://collector:4318"))) {
      assertEquals(List.of("mem-self-hosted"), t.presetNames());
    }
    try (GenAiTelemetry t =
        Instances.start(yaml("mem-self-hosted"), Map.of("MEM_SELF_HOSTED_API_KEY", "sk-cloud"))) {
      assertEquals(List.of("mem-self-hosted"), t.presetNames());
    }
  }

  @Test
  void resolvedSettingsNeverShowValues() {
    try (GenAiTelemetry t =
        Instances.start(
            yaml("mem-required", "presets:", "  mem-required:", "    api_key: sk-secret-123"),
            Map.of("MEM_REQUIRED_REGION", "eu-secret-region"))) {
      PresetSelection selection =
          PresetSelection.resolve(
              Instances.builder(
                      yaml(
                          "mem-required",
                          "presets:",
                          "  mem-required:",
                          "    api_key: sk-secret-123"),
                      Map.of("MEM_REQUIRED_REGION", "eu-x"))
                  .loadConfig(),
              dev.otelpresets.core.discovery.PresetRegistry.load(getClass().getClassLoader()),
              dev.otelpresets.core.Environment.of(Map.of("MEM_REQUIRED_REGION", "eu-x")),
              false);
      ResolvedPresetSettings s = selection.selected().get(0).settings();
      assertEquals("sk-secret-123", s.get("api_key").orElseThrow());
      assertEquals(ResolvedPresetSettings.Source.YAML, s.values().get("api_key").source());
      assertEquals("<inline config>:6:14", s.values().get("api_key").origin());
      assertEquals(ResolvedPresetSettings.Source.ENV, s.values().get("region").source());
      assertEquals("MEM_REQUIRED_REGION", s.values().get("region").origin());
      assertFalse(s.toString().contains("sk-secret-123"), s.toString());
      assertFalse(s.toString().contains("eu-x"), s.toString());
      assertFalse(t.toString().contains("sk-secret-123"), t.toString());
      assertTrue(selection.selected().get(0).preset() == null, "build=false must not build");
    }
  }
}
