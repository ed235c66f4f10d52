package dev.otelpresets.presets.arize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.internal.ResolvedPresetSettings;
import dev.otelpresets.presets.openinference.OpenInferenceMapper;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterProtocol;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetConfigurationException;
import dev.otelpresets.spi.PresetProvider;
import io.opentelemetry.api.common.AttributeKey;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArizePresetProviderTest {
  private static final Map<String, String> CREDS =
      Map.of("ARIZE_SPACE_ID", "space-123", "ARIZE_API_KEY", "ak-secret-456");

  static Preset create(Map<String, String> env) {
    ArizePresetProvider provider = new ArizePresetProvider();
    return provider.create(ResolvedPresetSettings.resolve(provider, null, Environment.of(env)));
  }

  static Map<String, String> env(String... kv) {
    Map<String, String> m = new HashMap<>(CREDS);
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @ParameterizedTest(name = "ARIZE_ENDPOINT={0}, ARIZE_HTTP_ENDPOINT={1} -> {2} {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "-, -, grpc, https://otlp.arize.com/v1",
        "https://otlp.eu-west-1a.arize.com/v1, -, grpc, https://otlp.eu-west-1a.arize.com/v1",
        "otlp.arize.com:443, -, grpc, https://otlp.arize.com:443",
        "-, https://otlp.arize.com/v1, http/protobuf, https://otlp.arize.com/v1/traces",
        "-, https://otlp.arize.com/v1/traces, http/protobuf, https://otlp.arize.com/v1/traces",
        "-, http://collector:4318/, http/protobuf, http://collector:4318/v1/traces",
        "http://grpc-collector:4317, https://otlp.arize.com/v1, grpc, http://grpc-collector:4317",
      })
  void endpointRules(String grpc, String http, String protocol, String endpoint) {
    Map<String, String> env = env();
    if (grpc != null) {
      env.put("ARIZE_ENDPOINT", grpc);
    }
    if (http != null) {
      env.put("ARIZE_HTTP_ENDPOINT", http);
    }
    ExporterSpec spec = create(env).exporters().get(0);
    assertEquals(ExporterProtocol.fromWireName(protocol), spec.protocol());
    assertEquals(endpoint, spec.endpoint());
  }

  @Test
  void headersCarryTheCredentialsAndAreRedacted() {
    ExporterSpec spec = create(env()).exporters().get(0);
    assertEquals(ExporterOwner.ARIZE, spec.owner());
    assertEquals(
        Map.of(
            "authorization",
            "ak-secret-456",
            "api_key",
            "ak-secret-456",
            "arize-api-key",
            "ak-secret-456",
            "arize-space-id",
            "space-123",
            "space_id",
            "space-123",
            "arize-interface",
            "otel"),
        spec.headers());
    // as Arize's client sends it; not a credential, so doctor may show it
    assertFalse(spec.isSecretHeader("arize-interface"));
    assertEquals("otel", spec.redactedHeaders().get("arize-interface"));
    String shown = spec.toString();
    assertFalse(shown.contains("ak-secret-456"), shown);
    assertFalse(shown.contains("space-123"), shown);
    assertTrue(shown.contains(ExporterSpec.REDACTED), shown);
  }

  @Test
  void spaceKeyIsTheFallbackAndSpaceIdWins() {
    Map<String, String> older = Map.of("ARIZE_SPACE_KEY", "old-key", "ARIZE_API_KEY", "k");
    assertEquals("old-key", create(older).exporters().get(0).headers().get("arize-space-id"));
    Map<String, String> both = new HashMap<>(older);
    both.put("ARIZE_SPACE_ID", "new-id");
    assertEquals("new-id", create(both).exporters().get(0).headers().get("arize-space-id"));
  }

  @Test
  void resourceOverlayNamesTheProject() {
    Preset p = create(env("ARIZE_PROJECT_NAME", "checkout-bot"));
    assertEquals(
        "checkout-bot",
        p.resourceOverlay().get(AttributeKey.stringKey("openinference.project.name")));
    assertEquals("checkout-bot", p.resourceOverlay().get(AttributeKey.stringKey("model_id")));
    assertEquals(
        "default",
        create(env()).resourceOverlay().get(AttributeKey.stringKey("openinference.project.name")));
  }

  @Test
  void vocabularyIsOpenInference() {
    Preset p = create(env());
    assertTrue(p.mapper() instanceof OpenInferenceMapper);
    assertTrue(p.tenantRule() instanceof ArizeTenantCredentialRule);
  }

  @Test
  void missingSpaceIdNamesKeyAndBothEnvVars() {
    PresetConfigurationException e =
        assertThrows(
            PresetConfigurationException.class,
            () -> create(Map.of("ARIZE_API_KEY", "ak-secret-456")));
    assertTrue(e.getMessage().contains("presets.arize.space_id"), e.getMessage());
    assertTrue(e.getMessage().contains("ARIZE_SPACE_ID"), e.getMessage());
    assertTrue(e.getMessage().contains("ARIZE_SPACE_KEY"), e.getMessage());
    assertFalse(e.getMessage().contains("ak-secret-456"));
  }

  @Test
  void missingApiKeyNamesKeyAndEnvVar() {
    PresetConfigurationException e =
        assertThrows(
            PresetConfigurationException.class,
            () -> create(Map.of("ARIZE_SPACE_ID", "space-123")));
    assertTrue(e.getMessage().contains("presets.arize.api_key"), e.getMessage());
    assertTrue(e.getMessage().contains("ARIZE_API_KEY"), e.getMessage());
  }

  @Test
  void invalidEndpointIsAConfigurationError() {
    PresetConfigurationException e =
        assertThrows(
            PresetConfigurationException.class,
            () -> create(env("ARIZE_HTTP_ENDPOINT", "ftp://collector/v1")));
    assertTrue(e.getMessage().contains("ARIZE_HTTP_ENDPOINT"), e.getMessage());
    assertFalse(e.getMessage().contains("ak-secret-456"));
  }

  @Test
  void settingsDeclareSecretsAndRequiredKeys() {
    var byKey = new HashMap<String, dev.otelpresets.spi.SettingSpec>();
    new ArizePresetProvider().settings().forEach(s -> byKey.put(s.key(), s));
    assertTrue(byKey.get("api_key").secret() && byKey.get("api_key").required());
    assertTrue(byKey.get("space_id").required());
    assertEquals(
        java.util.List.of("ARIZE_SPACE_ID", "ARIZE_SPACE_KEY"), byKey.get("space_id").envVars());
  }

  @Test
  void foundByServiceLoader() {
    boolean found =
        ServiceLoader.load(PresetProvider.class).stream()
            .anyMatch(p -> p.type() == ArizePresetProvider.class);
    assertTrue(found);
    assertEquals("arize", new ArizePresetProvider().name());
    assertEquals(ExporterOwner.ARIZE, new ArizePresetProvider().owner());
  }
}
