package dev.otelpresets.presets.phoenix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.InvalidTenantCredentialsException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhoenixTenantCredentialRuleTest {
  private final PhoenixTenantCredentialRule rule = new PhoenixTenantCredentialRule();
  private final ExporterSpec staticSpec =
      PhoenixPresetProviderTest.create(
              PhoenixPresetProviderTest.env("PHOENIX_API_KEY", "operator-key"))
          .exporters()
          .get(0);

  @Test
  void noCredentials() {
    assertTrue(rule.apply(staticSpec, Map.of()).isEmpty());
    assertEquals(Attributes.empty(), rule.resourceOverlay(Map.of()));
  }

  @Test
  void keyAndProject() {
    Map<String, String> creds =
        Map.of("phoenix_api_key", "team-key", "phoenix_project_name", "team-project");
    ExporterSpec t = rule.apply(staticSpec, creds).orElseThrow();
    assertEquals("Bearer team-key", t.headers().get("Authorization"));
    assertEquals(staticSpec.endpoint(), t.endpoint());
    assertFalse(t.toString().contains("team-key"));
    assertEquals(
        "team-project",
        rule.resourceOverlay(creds).get(AttributeKey.stringKey("openinference.project.name")));
  }

  @Test
  void projectAloneRoutesWithTheOperatorsKey() {
    Map<String, String> creds = Map.of("phoenix_project_name", "team-project");
    ExporterSpec t = rule.apply(staticSpec, creds).orElseThrow();
    assertEquals("Bearer operator-key", t.headers().get("Authorization"));
    assertEquals(
        "team-project",
        rule.resourceOverlay(creds).get(AttributeKey.stringKey("openinference.project.name")));
  }

  @Test
  void aTenantKeyReplacesAnAuthorizationFromClientHeadersInsteadOfAddingASecond() {
    ExporterSpec operator =
        PhoenixPresetProviderTest.create(
                PhoenixPresetProviderTest.env(
                    "PHOENIX_CLIENT_HEADERS", "authorization=Bearer operator-token,x-proxy=p"))
            .exporters()
            .get(0);
    ExporterSpec t = rule.apply(operator, Map.of("phoenix_api_key", "team-key")).orElseThrow();
    assertEquals(Map.of("x-proxy", "p", "Authorization", "Bearer team-key"), t.headers());
    assertTrue(t.isSecretHeader("x-proxy") && t.isSecretHeader("Authorization"));
  }

  @Test
  void blankValuesAreRejectedByName() {
    InvalidTenantCredentialsException e =
        assertThrows(
            InvalidTenantCredentialsException.class,
            () ->
                rule.apply(staticSpec, Map.of("phoenix_api_key", "k", "phoenix_project_name", "")));
    assertTrue(e.getMessage().contains("phoenix_project_name"), e.getMessage());
    assertThrows(
        InvalidTenantCredentialsException.class,
        () -> rule.apply(staticSpec, Map.of("phoenix_api_key", " ")));
  }

  @Test
  void declaresItsKeys() {
    assertEquals(Set.of("phoenix_api_key", "phoenix_project_name"), rule.credentialKeys());
  }
}
