package dev.otelpresets.presets.levo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.internal.ResolvedPresetSettings;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterProtocol;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetConfigurationException;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.SettingSpec;
import dev.otelpresets.spi.TenantCredentialRule;
import dev.otelpresets.testkit.Mapping;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LevoPresetProviderTest {
  /** The core's own settings resolution (env only; YAML precedence is covered end to end). */
  private static ResolvedPresetSettings settings(PresetProvider provider, Map<String, String> env) {
    return ResolvedPresetSettings.resolve(provider, null, Environment.of(env));
  }

  private static final String KEY = "levo-key-SECRET";

  private final LevoPresetProvider provider = new LevoPresetProvider();

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("LEVOAI_API_KEY", KEY);
    env.put("LEVOAI_ORG_ID", "org-42");
    env.put("LEVOAI_WORKSPACE_ID", "ws-7");
    env.put("LEVOAI_COLLECTOR_URL", "https://collector.levo.ai");
    return env;
  }

  private Preset create(Map<String, String> env) {
    return provider.create(settings(provider, env));
  }

  @Test
  void identityAndDiscovery() {
    assertEquals("levo", provider.name());
    assertTrue(provider.aliases().isEmpty());
    assertEquals(ExporterOwner.LEVO, provider.owner());
    assertTrue(
        ServiceLoader.load(PresetProvider.class).stream()
            .anyMatch(p -> p.type() == LevoPresetProvider.class));
  }

  @Test
  void allFourSettingsAreRequired() {
    Map<String, SettingSpec> s =
        provider.settings().stream().collect(Collectors.toMap(SettingSpec::key, x -> x));
    assertEquals(List.of("LEVOAI_API_KEY"), s.get("api_key").envVars());
    assertEquals(List.of("LEVOAI_ORG_ID"), s.get("org_id").envVars());
    assertEquals(List.of("LEVOAI_WORKSPACE_ID"), s.get("workspace_id").envVars());
    assertEquals(List.of("LEVOAI_COLLECTOR_URL"), s.get("collector_url").envVars());
    assertTrue(s.values().stream().allMatch(SettingSpec::required));
    assertTrue(s.get("api_key").secret());
    assertFalse(s.get("org_id").secret());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"LEVOAI_API_KEY", "LEVOAI_ORG_ID", "LEVOAI_WORKSPACE_ID", "LEVOAI_COLLECTOR_URL"})
  void missingSettingNamesKeyAndEnvVar(String envVar) {
    Map<String, String> env = env();
    env.remove(envVar);
    PresetConfigurationException e =
        assertThrows(PresetConfigurationException.class, () -> create(env));
    assertTrue(e.getMessage().contains(envVar), e.getMessage());
    assertTrue(e.getMessage().contains("presets.levo."), e.getMessage());
    assertFalse(e.getMessage().contains(KEY));
  }

  @ParameterizedTest
  @ValueSource(strings = {"LEVOAI_ORG_ID", "LEVOAI_WORKSPACE_ID"})
  void nonAsciiIdIsAConfigurationErrorNamingTheSetting(String envVar) {
    // the id travels in a header: it must be a PresetConfigurationException (the user's to fix),
    // not the IllegalArgumentException of ExporterSpec.Builder.header (a bug in the preset)
    Map<String, String> env = env();
    env.put(envVar, "zürich");
    PresetConfigurationException e =
        assertThrows(PresetConfigurationException.class, () -> create(env));
    assertTrue(e.getMessage().contains(envVar), e.getMessage());
    assertTrue(e.getMessage().contains("non-ASCII"), e.getMessage());
    assertFalse(e.getMessage().contains("zürich"), e.getMessage());
  }

  @Test
  void exporterSpec() {
    Preset preset = create(env());
    assertEquals(1, preset.exporters().size());
    ExporterSpec spec = preset.exporters().get(0);
    assertEquals(ExporterOwner.LEVO, spec.owner());
    assertEquals(ExporterProtocol.HTTP_PROTOBUF, spec.protocol());
    assertEquals("https://collector.levo.ai/v1/traces", spec.endpoint());
    assertEquals(
        Map.of(
            "Authorization",
            "Bearer " + KEY,
            "x-levo-organization-id",
            "org-42",
            "x-levo-workspace-id",
            "ws-7"),
        spec.headers());
    assertTrue(spec.isSecretHeader("Authorization"));
    assertFalse(spec.isSecretHeader("x-levo-organization-id"));
    assertSame(TenantCredentialRule.NONE, preset.tenantRule());
    assertTrue(preset.resourceOverlay().isEmpty());
  }

  @Test
  void toStringRedactsTheKey() {
    Preset preset = create(env());
    String s = preset.toString();
    assertFalse(s.contains(KEY), s);
    assertTrue(s.contains(ExporterSpec.REDACTED), s);
    assertTrue(s.contains("x-levo-organization-id=org-42"), s);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://collector.levo.ai, https://collector.levo.ai/v1/traces",
    "https://collector.levo.ai/, https://collector.levo.ai/v1/traces",
    "http://localhost:4318, http://localhost:4318/v1/traces",
    "' http://localhost:4318 ', http://localhost:4318/v1/traces",
    "https://collector.levo.ai/v1/traces, https://collector.levo.ai/v1/traces",
    "https://collector.levo.ai/v1/traces/, https://collector.levo.ai/v1/traces",
    "https://collector.levo.ai/ingest/otlp, https://collector.levo.ai/ingest/otlp",
  })
  void endpointRules(String url, String expected) {
    Map<String, String> env = env();
    env.put("LEVOAI_COLLECTOR_URL", url);
    assertEquals(expected, create(env).exporters().get(0).endpoint());
  }

  @ParameterizedTest
  @ValueSource(strings = {"collector.levo.ai", "grpc://collector.levo.ai:4317", "https://"})
  void invalidCollectorUrl(String url) {
    Map<String, String> env = env();
    env.put("LEVOAI_COLLECTOR_URL", url);
    PresetConfigurationException e =
        assertThrows(PresetConfigurationException.class, () -> create(env));
    assertTrue(e.getMessage().contains("LEVOAI_COLLECTOR_URL"), e.getMessage());
    assertFalse(e.getMessage().contains(KEY));
  }

  @Test
  void mapperSendsTheCanonicalAttributesUnchanged() {
    Attributes canonical =
        Attributes.builder()
            .put(GenAiAttributes.OPERATION_NAME, "chat")
            .put(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
            .put(GenAiAttributes.USAGE_INPUT_TOKENS, 10L)
            .build();
    SpanData span =
        TestSpanData.builder()
            .setName("chat gpt-4o")
            .setKind(SpanKind.CLIENT)
            .setStartEpochNanos(1)
            .setEndEpochNanos(2)
            .setAttributes(canonical)
            .setStatus(StatusData.unset())
            .setHasEnded(true)
            .build();
    assertEquals(canonical, Mapping.map(create(env()).mapper(), span, 128));
  }
}
