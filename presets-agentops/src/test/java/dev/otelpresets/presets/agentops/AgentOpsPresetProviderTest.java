package dev.otelpresets.presets.agentops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import dev.otelpresets.spi.TenantCredentialRule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentOpsPresetProviderTest {
  /** The core's own settings resolution (env only; YAML precedence is covered end to end). */
  private static ResolvedPresetSettings settings(PresetProvider provider, Map<String, String> env) {
    return ResolvedPresetSettings.resolve(provider, null, Environment.of(env));
  }

  private static final String KEY = "ak-SECRET-123";

  private final AgentOpsPresetProvider provider = new AgentOpsPresetProvider();

  private Preset create(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("AGENTOPS_API_KEY", KEY);
    env.putAll(extra);
    return provider.create(settings(provider, env));
  }

  @Test
  void identityAndDiscovery() {
    assertEquals("agentops", provider.name());
    assertEquals(ExporterOwner.AGENTOPS, provider.owner());
    assertTrue(
        ServiceLoader.load(PresetProvider.class).stream()
            .anyMatch(p -> p.type() == AgentOpsPresetProvider.class));
  }

  @Test
  void settings() {
    Map<String, SettingSpec> s =
        provider.settings().stream().collect(Collectors.toMap(SettingSpec::key, x -> x));
    assertEquals(List.of("AGENTOPS_API_KEY"), s.get("api_key").envVars());
    assertTrue(s.get("api_key").required() && s.get("api_key").secret());
    assertEquals("agentops", s.get("service_name").defaultValue().orElseThrow());
    assertEquals(List.of("AGENTOPS_ENVIRONMENT"), s.get("environment").envVars());
    assertEquals("https://api.agentops.ai", s.get("api_endpoint").defaultValue().orElseThrow());
    // the hosts AgentOps' own SDK uses; otlp.agentops.cloud does not resolve
    assertEquals(
        "https://otlp.agentops.ai/v1/traces",
        s.get("exporter_endpoint").defaultValue().orElseThrow());
    assertEquals(1, s.values().stream().filter(SettingSpec::required).count());
  }

  @Test
  void defaults() {
    Preset preset = create(Map.of());
    ExporterSpec spec = preset.exporters().get(0);
    assertEquals(ExporterProtocol.HTTP_PROTOBUF, spec.protocol());
    assertEquals("https://otlp.agentops.ai/v1/traces", spec.endpoint());
    assertTrue(spec.headers().isEmpty(), "the Bearer JWT is added per export, not statically");
    AgentOpsExporterFactory factory =
        assertInstanceOf(AgentOpsExporterFactory.class, spec.customFactory().orElseThrow());
    assertEquals("https://api.agentops.ai/v3/auth/token", factory.tokenUrl().toString());
    assertEquals("agentops", preset.resourceOverlay().get(AgentOpsPresetProvider.SERVICE_NAME_KEY));
    assertNull(preset.resourceOverlay().get(AgentOpsPresetProvider.DEPLOYMENT_ENVIRONMENT));
    assertEquals(1, preset.resourceOverlay().size());
    assertSame(TenantCredentialRule.NONE, preset.tenantRule());
  }

  @Test
  void customEndpointsServiceNameAndEnvironment() {
    Preset preset =
        create(
            Map.of(
                "AGENTOPS_API_ENDPOINT", "http://localhost:8000/",
                "AGENTOPS_EXPORTER_ENDPOINT", "http://localhost:4318/v1/traces",
                "AGENTOPS_SERVICE_NAME", "checkout-agent",
                "AGENTOPS_ENVIRONMENT", "staging"));
    ExporterSpec spec = preset.exporters().get(0);
    assertEquals("http://localhost:4318/v1/traces", spec.endpoint());
    assertEquals(
        "http://localhost:8000/v3/auth/token",
        ((AgentOpsExporterFactory) spec.customFactory().orElseThrow()).tokenUrl().toString());
    assertEquals(
        "checkout-agent", preset.resourceOverlay().get(AgentOpsPresetProvider.SERVICE_NAME_KEY));
    assertEquals(
        "staging", preset.resourceOverlay().get(AgentOpsPresetProvider.DEPLOYMENT_ENVIRONMENT));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://api.agentops.ai, https://api.agentops.ai/v3/auth/token",
    "https://api.agentops.ai/, https://api.agentops.ai/v3/auth/token",
    "https://api.agentops.ai/v3/auth/token, https://api.agentops.ai/v3/auth/token",
    "http://gateway:9000/agentops, http://gateway:9000/agentops/v3/auth/token",
  })
  void tokenUrlRules(String api, String expected) {
    ExporterSpec spec = create(Map.of("AGENTOPS_API_ENDPOINT", api)).exporters().get(0);
    assertEquals(
        expected,
        ((AgentOpsExporterFactory) spec.customFactory().orElseThrow()).tokenUrl().toString());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://otlp.agentops.ai, https://otlp.agentops.ai/v1/traces",
    "https://otlp.agentops.ai/, https://otlp.agentops.ai/v1/traces",
    "https://otlp.agentops.ai/v1, https://otlp.agentops.ai/v1/traces",
    "' https://otlp.agentops.ai/v1/traces/ ', https://otlp.agentops.ai/v1/traces",
    "http://gateway:9000/agentops/otlp, http://gateway:9000/agentops/otlp",
  })
  void exporterEndpointRules(String url, String expected) {
    assertEquals(
        expected, create(Map.of("AGENTOPS_EXPORTER_ENDPOINT", url)).exporters().get(0).endpoint());
  }

  @ParameterizedTest
  @ValueSource(strings = {"AGENTOPS_API_ENDPOINT", "AGENTOPS_EXPORTER_ENDPOINT"})
  void invalidUrlsNameKeyAndEnvVar(String envVar) {
    PresetConfigurationException e =
        assertThrows(
            PresetConfigurationException.class, () -> create(Map.of(envVar, "otlp.agentops.ai")));
    assertTrue(e.getMessage().contains(envVar), e.getMessage());
    assertTrue(e.getMessage().contains("presets.agentops."), e.getMessage());
    assertFalse(e.getMessage().contains(KEY));
  }

  @Test
  void missingKeyNamesKeyAndEnvVar() {
    PresetConfigurationException e =
        assertThrows(
            PresetConfigurationException.class,
            () -> provider.create(settings(provider, Map.of())));
    assertTrue(e.getMessage().contains("presets.agentops.api_key"), e.getMessage());
    assertTrue(e.getMessage().contains("AGENTOPS_API_KEY"), e.getMessage());
  }

  @Test
  void theKeyIsNeverShown() {
    Preset preset = create(Map.of());
    ExporterSpec spec = preset.exporters().get(0);
    String s = preset + " " + spec + " " + spec.customFactory().orElseThrow();
    assertFalse(s.contains(KEY), s);
    assertTrue(s.contains("custom exporter"), s);
  }
}
