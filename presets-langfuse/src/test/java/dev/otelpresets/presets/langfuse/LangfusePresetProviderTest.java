package dev.otelpresets.presets.langfuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.internal.ResolvedPresetSettings;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterProtocol;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetConfigurationException;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.SettingSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LangfusePresetProviderTest {
  /** The core's own settings resolution (env only; YAML precedence is covered end to end). */
  private static ResolvedPresetSettings settings(PresetProvider provider, Map<String, String> env) {
    return ResolvedPresetSettings.resolve(provider, null, Environment.of(env));
  }

  private static final String PK = "pk-lf-1234";
  private static final String SK = "sk-lf-SECRET-5678";

  private final LangfusePresetProvider provider = new LangfusePresetProvider();

  private Preset create(Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>();
    env.put("LANGFUSE_PUBLIC_KEY", PK);
    env.put("LANGFUSE_SECRET_KEY", SK);
    env.putAll(extraEnv);
    return provider.create(settings(provider, env));
  }

  @Test
  void identity() {
    assertEquals("langfuse", provider.name());
    assertEquals(Set.of("langfuse_otel"), provider.aliases());
    assertEquals(ExporterOwner.LANGFUSE, provider.owner());
    assertFalse(provider.description().isBlank());
  }

  @Test
  void discoveredByServiceLoader() {
    List<String> names =
        ServiceLoader.load(PresetProvider.class).stream()
            .map(p -> p.get().name())
            .collect(Collectors.toList());
    assertTrue(names.contains("langfuse"), names.toString());
  }

  @Test
  void declaresSettingsWithEnvVarsInPriorityOrder() {
    Map<String, SettingSpec> s =
        provider.settings().stream().collect(Collectors.toMap(SettingSpec::key, x -> x));
    assertEquals(List.of("LANGFUSE_PUBLIC_KEY"), s.get("public_key").envVars());
    assertTrue(s.get("public_key").required() && s.get("public_key").secret());
    assertEquals(List.of("LANGFUSE_SECRET_KEY"), s.get("secret_key").envVars());
    assertTrue(s.get("secret_key").required() && s.get("secret_key").secret());
    assertEquals(List.of("LANGFUSE_OTEL_HOST", "LANGFUSE_HOST"), s.get("host").envVars());
    assertEquals("https://cloud.langfuse.com", s.get("host").defaultValue().orElseThrow());
    assertFalse(s.get("host").required());
    assertEquals(List.of("LANGFUSE_TRACING_ENVIRONMENT"), s.get("environment").envVars());
  }

  @Test
  void defaultsToLangfuseCloudOverHttpProtobuf() {
    Preset preset = create(Map.of());
    assertEquals(ExporterOwner.LANGFUSE, preset.owner());
    assertEquals(1, preset.exporters().size());
    ExporterSpec spec = preset.exporters().get(0);
    assertEquals(ExporterProtocol.HTTP_PROTOBUF, spec.protocol());
    assertEquals("https://cloud.langfuse.com/api/public/otel/v1/traces", spec.endpoint());
    assertInstanceOf(LangfuseAttributeMapper.class, preset.mapper());
    assertInstanceOf(LangfuseTenantCredentialRule.class, preset.tenantRule());
    assertTrue(preset.resourceOverlay().isEmpty());
  }

  @Test
  void otelHostWinsOverHost() {
    ExporterSpec spec =
        create(Map.of("LANGFUSE_OTEL_HOST", "otel.example.com", "LANGFUSE_HOST", "lf.example.com"))
            .exporters()
            .get(0);
    assertEquals("https://otel.example.com/api/public/otel/v1/traces", spec.endpoint());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "cloud.langfuse.com, https://cloud.langfuse.com/api/public/otel/v1/traces",
    "https://us.cloud.langfuse.com, https://us.cloud.langfuse.com/api/public/otel/v1/traces",
    "https://us.cloud.langfuse.com/, https://us.cloud.langfuse.com/api/public/otel/v1/traces",
    "http://localhost:3000, http://localhost:3000/api/public/otel/v1/traces",
    "localhost:3000, https://localhost:3000/api/public/otel/v1/traces",
    "' https://lf.example.com ', https://lf.example.com/api/public/otel/v1/traces",
    "https://lf.example.com/api/public/otel, https://lf.example.com/api/public/otel/v1/traces",
    "https://lf.example.com/api/public/otel/, https://lf.example.com/api/public/otel/v1/traces",
    "https://lf.example.com/api/public/otel/v1/traces,"
        + " https://lf.example.com/api/public/otel/v1/traces",
    "https://proxy.example.com/langfuse, https://proxy.example.com/langfuse/api/public/otel/v1/traces",
  })
  void endpointRules(String host, String expected) {
    assertEquals(expected, create(Map.of("LANGFUSE_HOST", host)).exporters().get(0).endpoint());
  }

  @ParameterizedTest
  @CsvSource({"ftp://lf.example.com", "https://", "http://exa mple.com"})
  void invalidHostNamesKeyAndEnvVar(String host) {
    PresetConfigurationException e =
        assertThrows(
            PresetConfigurationException.class, () -> create(Map.of("LANGFUSE_HOST", host)));
    assertTrue(e.getMessage().contains("presets.langfuse.host"), e.getMessage());
    assertTrue(e.getMessage().contains("LANGFUSE_HOST"), e.getMessage());
    assertFalse(e.getMessage().contains(SK));
  }

  @Test
  void headersCarryBasicAuthAndIngestionVersion() {
    ExporterSpec spec = create(Map.of()).exporters().get(0);
    String expectedAuth =
        "Basic "
            + Base64.getEncoder().encodeToString((PK + ":" + SK).getBytes(StandardCharsets.UTF_8));
    assertEquals(expectedAuth, spec.headers().get("Authorization"));
    assertEquals("4", spec.headers().get("x-langfuse-ingestion-version"));
    assertEquals(2, spec.headers().size());
    assertTrue(spec.isSecretHeader("Authorization"));
    assertFalse(spec.isSecretHeader("x-langfuse-ingestion-version"));
  }

  @Test
  void toStringRedactsCredentials() {
    Preset preset = create(Map.of());
    String s =
        preset.toString()
            + preset.exporters().get(0).toString()
            + preset.mapper()
            + preset.tenantRule();
    String basic =
        Base64.getEncoder().encodeToString((PK + ":" + SK).getBytes(StandardCharsets.UTF_8));
    assertFalse(s.contains(SK), s);
    assertFalse(s.contains(PK), s);
    assertFalse(s.contains(basic), s);
    assertTrue(s.contains(ExporterSpec.REDACTED), s);
    assertTrue(s.contains("x-langfuse-ingestion-version=4"), s);
  }

  @Test
  void missingKeyNamesYamlKeyAndEnvVar() {
    PresetConfigurationException e =
        assertThrows(
            PresetConfigurationException.class,
            () -> provider.create(settings(provider, Map.of("LANGFUSE_PUBLIC_KEY", PK))));
    assertTrue(e.getMessage().contains("presets.langfuse.secret_key"), e.getMessage());
    assertTrue(e.getMessage().contains("LANGFUSE_SECRET_KEY"), e.getMessage());
    assertFalse(e.getMessage().contains(PK));
  }

  @Test
  void environmentIsValidatedAndPassedToTheMapper() {
    Preset p = create(Map.of("LANGFUSE_TRACING_ENVIRONMENT", "staging"));
    assertEquals("LangfuseAttributeMapper{environment=staging}", p.mapper().toString());
    for (String bad : List.of("Production", "langfuse-prod", "prod env", "prod/1")) {
      PresetConfigurationException e =
          assertThrows(
              PresetConfigurationException.class,
              () -> create(Map.of("LANGFUSE_TRACING_ENVIRONMENT", bad)),
              bad);
      assertTrue(e.getMessage().contains("LANGFUSE_TRACING_ENVIRONMENT"), e.getMessage());
      assertTrue(e.getMessage().contains("presets.langfuse.environment"), e.getMessage());
    }
  }
}
