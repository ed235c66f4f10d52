package dev.otelpresets.presets.phoenix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.config.ConfigException;
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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoenixPresetProviderTest {

  static Preset create(Map<String, String> env) {
    PhoenixPresetProvider provider = new PhoenixPresetProvider();
    return provider.create(ResolvedPresetSettings.resolve(provider, null, Environment.of(env)));
  }

  static Map<String, String> env(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @ParameterizedTest(name = "HTTP_ENDPOINT={0}, ENDPOINT={1} -> {2} {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "-, -, http/protobuf, http://localhost:6006/v1/traces",
        "-, http://phoenix:6006, http/protobuf, http://phoenix:6006/v1/traces",
        "-, http://phoenix:6006/, http/protobuf, http://phoenix:6006/v1/traces",
        "-, http://phoenix:6006/v1/traces, http/protobuf, http://phoenix:6006/v1/traces",
        "http://http-wins:6006, http://loses:6006, http/protobuf, http://http-wins:6006/v1/traces",
        "-, grpc://phoenix:4317, grpc, http://phoenix:4317",
        "-, grpc://phoenix, grpc, http://phoenix:4317",
        "-, grpc://phoenix:9999/ignored, grpc, http://phoenix:9999",
        "-, http://phoenix:4317, grpc, http://phoenix:4317",
        "-, https://phoenix.example.com:4317/v1/traces, grpc, https://phoenix.example.com:4317",
        "-, phoenix.example.com, http/protobuf, https://phoenix.example.com/v1/traces",
      })
  void endpointRules(String httpEndpoint, String endpoint, String protocol, String expected) {
    Map<String, String> env = env();
    if (httpEndpoint != null) {
      env.put("PHOENIX_COLLECTOR_HTTP_ENDPOINT", httpEndpoint);
    }
    if (endpoint != null) {
      env.put("PHOENIX_COLLECTOR_ENDPOINT", endpoint);
    }
    ExporterSpec spec = create(env).exporters().get(0);
    assertEquals(ExporterProtocol.fromWireName(protocol), spec.protocol());
    assertEquals(expected, spec.endpoint());
  }

  @Test
  void bearerAuthOnlyWhenAKeyIsSet() {
    assertTrue(create(env()).exporters().get(0).headers().isEmpty());
    ExporterSpec spec = create(env("PHOENIX_API_KEY", "px-secret")).exporters().get(0);
    assertEquals(Map.of("Authorization", "Bearer px-secret"), spec.headers());
    assertFalse(spec.toString().contains("px-secret"), spec.toString());
  }

  @Test
  void phoenixCloudWithKey() {
    ExporterSpec spec =
        create(
                env(
                    "PHOENIX_COLLECTOR_ENDPOINT",
                    "https://app.phoenix.arize.com/s/my-space",
                    "PHOENIX_API_KEY",
                    "px-secret"))
            .exporters()
            .get(0);
    assertEquals("https://app.phoenix.arize.com/s/my-space/v1/traces", spec.endpoint());
    assertEquals(ExporterProtocol.HTTP_PROTOBUF, spec.protocol());
    assertEquals("Bearer px-secret", spec.headers().get("Authorization"));
  }

  @Test
  void phoenixCloudWithoutKeyIsAClearError() {
    PresetConfigurationException e =
        assertThrows(
            PresetConfigurationException.class,
            () -> create(env("PHOENIX_COLLECTOR_ENDPOINT", "https://app.phoenix.arize.com/s/x")));
    assertTrue(e.getMessage().contains("Phoenix Cloud"), e.getMessage());
    assertTrue(e.getMessage().contains("presets.phoenix.api_key"), e.getMessage());
    assertTrue(e.getMessage().contains("PHOENIX_API_KEY"), e.getMessage());
  }

  @Test
  void phoenixCloudOverGrpcIsAClearError() {
    PresetConfigurationException e =
        assertThrows(
            PresetConfigurationException.class,
            () ->
                create(
                    env(
                        "PHOENIX_COLLECTOR_ENDPOINT",
                        "grpc://app.phoenix.arize.com",
                        "PHOENIX_API_KEY",
                        "px-secret")));
    assertTrue(e.getMessage().contains("OTLP/HTTP only"), e.getMessage());
    assertFalse(e.getMessage().contains("px-secret"));
  }

  @Test
  void invalidUrlNamesTheSetting() {
    PresetConfigurationException e =
        assertThrows(
            PresetConfigurationException.class,
            () -> create(env("PHOENIX_COLLECTOR_ENDPOINT", "ftp://phoenix/x")));
    assertTrue(e.getMessage().contains("PHOENIX_COLLECTOR_ENDPOINT"), e.getMessage());
  }

  @Test
  void projectOverlay() {
    AttributeKey<String> key = AttributeKey.stringKey("openinference.project.name");
    assertEquals("default", create(env()).resourceOverlay().get(key));
    assertEquals(
        "support", create(env("PHOENIX_PROJECT_NAME", "support")).resourceOverlay().get(key));
  }

  @Test
  void phoenixProjectWinsOverItsAliasAsInPhoenixsClient() {
    AttributeKey<String> key = AttributeKey.stringKey("openinference.project.name");
    assertEquals(
        "canonical", create(env("PHOENIX_PROJECT", "canonical")).resourceOverlay().get(key));
    assertEquals(
        "canonical",
        create(env("PHOENIX_PROJECT", "canonical", "PHOENIX_PROJECT_NAME", "alias"))
            .resourceOverlay()
            .get(key));
    assertEquals(
        "alias",
        create(env("PHOENIX_PROJECT", " ", "PHOENIX_PROJECT_NAME", "alias"))
            .resourceOverlay()
            .get(key),
        "a blank PHOENIX_PROJECT counts as unset");
    assertEquals(
        java.util.List.of("PHOENIX_PROJECT", "PHOENIX_PROJECT_NAME"),
        setting("project_name").envVars());
  }

  @Test
  void clientHeadersAreAddedAsSecretHeaders() {
    ExporterSpec spec =
        create(
                env(
                    "PHOENIX_CLIENT_HEADERS",
                    " x-team = team%20a ,, X-Proxy-Token=tok+en%3D%3D , x-team2=b"))
            .exporters()
            .get(0);
    assertEquals(
        Map.of("x-team", "team a", "x-proxy-token", "tok+en==", "x-team2", "b"),
        spec.headers(),
        "names lower-cased, values percent-decoded (a plus stays a plus)");
    for (String name : spec.headers().keySet()) {
      assertTrue(spec.isSecretHeader(name), name);
    }
    assertFalse(spec.toString().contains("tok+en"), spec.toString());
    assertTrue(setting("client_headers").secret());
    assertEquals(java.util.List.of("PHOENIX_CLIENT_HEADERS"), setting("client_headers").envVars());
  }

  @Test
  void theApiKeyWinsOverAnAuthorizationClientHeader() {
    String headers = "authorization=Bearer%20from-headers,x-team=a";
    ExporterSpec withKey =
        create(env("PHOENIX_CLIENT_HEADERS", headers, "PHOENIX_API_KEY", "px-secret"))
            .exporters()
            .get(0);
    assertEquals(Map.of("x-team", "a", "Authorization", "Bearer px-secret"), withKey.headers());
    ExporterSpec withoutKey = create(env("PHOENIX_CLIENT_HEADERS", headers)).exporters().get(0);
    assertEquals(
        Map.of("authorization", "Bearer from-headers", "x-team", "a"), withoutKey.headers());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "no '=' | x-team=a,Bearer s3cret-value | entry 2 has no '='",
        "percent-encoded CR LF | x-team=a%0D%0As3cret-value | contains a line break",
        "raw line break | x-team=a\\ns3cret-value | contains a line break",
        "control character | x-team=a%00s3cret-value | contains a control character",
        "non-ASCII | x-team=caf%C3%A9s3cret-value | contains a non-ASCII character",
        "space in the name | x team=s3cret-value | not a valid HTTP header name",
        "empty name | =s3cret-value | an empty header name",
      })
  void badClientHeadersAreOneLineNamingTheSettingNeverTheValue(
      String what, String raw, String expected) {
    String value = raw.replace("\\n", "\n");
    // a raw line break is refused by the core's check of every setting before the preset sees it
    // (ConfigException); what arrives percent-encoded, by the preset (PresetConfigurationException)
    RuntimeException e =
        assertThrows(RuntimeException.class, () -> create(env("PHOENIX_CLIENT_HEADERS", value)));
    assertTrue(
        e instanceof PresetConfigurationException || e instanceof ConfigException,
        e.getClass().getName());
    String m = e.getMessage();
    assertTrue(m.contains("PHOENIX_CLIENT_HEADERS"), m);
    assertTrue(m.contains("presets.phoenix.client_headers"), m);
    assertTrue(m.contains(expected), m);
    assertFalse(m.contains("s3cret"), m);
    assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
  }

  private static dev.otelpresets.spi.SettingSpec setting(String key) {
    return new PhoenixPresetProvider()
        .settings().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void identity() {
    PhoenixPresetProvider p = new PhoenixPresetProvider();
    assertEquals("phoenix", p.name());
    assertEquals(Set.of("arize_phoenix"), p.aliases());
    assertEquals(ExporterOwner.PHOENIX, p.owner());
    Preset preset = create(env());
    assertTrue(preset.mapper() instanceof OpenInferenceMapper);
    assertTrue(preset.tenantRule() instanceof PhoenixTenantCredentialRule);
    assertTrue(
        ServiceLoader.load(PresetProvider.class).stream()
            .anyMatch(s -> s.type() == PhoenixPresetProvider.class));
  }
}
