package dev.otelpresets.presets.arize;

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

class ArizeTenantCredentialRuleTest {
  private final ArizeTenantCredentialRule rule = new ArizeTenantCredentialRule();
  private final ExporterSpec staticSpec =
      ArizePresetProviderTest.create(ArizePresetProviderTest.env()).exporters().get(0);

  @Test
  void noCredentialsUsesTheStaticExporter() {
    assertTrue(rule.apply(staticSpec, Map.of()).isEmpty());
    assertTrue(rule.apply(staticSpec, Map.of("langfuse_public_key", "x")).isEmpty());
  }

  @Test
  void tenantCredentialsReplaceTheAuthHeadersOnly() {
    ExporterSpec t =
        rule.apply(staticSpec, Map.of("arize_space_id", "team-space", "arize_api_key", "team-key"))
            .orElseThrow();
    assertEquals(
        Map.of(
            "authorization",
            "team-key",
            "api_key",
            "team-key",
            "arize-api-key",
            "team-key",
            "arize-space-id",
            "team-space",
            "space_id",
            "team-space",
            "arize-interface",
            "otel"),
        t.headers());
    assertEquals(staticSpec.endpoint(), t.endpoint());
    assertEquals(staticSpec.protocol(), t.protocol());
    assertFalse(t.toString().contains("team-key"));
    assertTrue(t.isSecretHeader("authorization") && t.isSecretHeader("arize-space-id"));
    assertTrue(t.isSecretHeader("arize-api-key"));
  }

  @Test
  void spaceKeyIsAccepted() {
    ExporterSpec t =
        rule.apply(staticSpec, Map.of("arize_space_key", "team-space", "arize_api_key", "team-key"))
            .orElseThrow();
    assertEquals("team-space", t.headers().get("arize-space-id"));
  }

  @Test
  void incompleteSetsNameTheMissingKeyNeverValues() {
    InvalidTenantCredentialsException noSpace =
        assertThrows(
            InvalidTenantCredentialsException.class,
            () -> rule.apply(staticSpec, Map.of("arize_api_key", "team-key")));
    assertTrue(noSpace.getMessage().contains("arize_space_id"), noSpace.getMessage());
    assertTrue(noSpace.getMessage().contains("arize_api_key"), noSpace.getMessage());
    assertFalse(noSpace.getMessage().contains("team-key"));

    InvalidTenantCredentialsException noKey =
        assertThrows(
            InvalidTenantCredentialsException.class,
            () -> rule.apply(staticSpec, Map.of("arize_space_id", "team-space")));
    assertTrue(noKey.getMessage().contains("but arize_api_key missing"), noKey.getMessage());
    assertFalse(noKey.getMessage().contains("team-space"));

    InvalidTenantCredentialsException blank =
        assertThrows(
            InvalidTenantCredentialsException.class,
            () -> rule.apply(staticSpec, Map.of("arize_space_id", "s", "arize_api_key", " ")));
    assertTrue(blank.getMessage().contains("arize_api_key"), blank.getMessage());
  }

  @Test
  void declaresItsKeys() {
    assertEquals(
        Set.of("arize_space_id", "arize_space_key", "arize_api_key", "arize_project_name"),
        rule.credentialKeys());
  }

  @Test
  void aTenantProjectReplacesTheOperatorsProjectAndModelId() {
    Map<String, String> creds =
        Map.of(
            "arize_space_id",
            "team-space",
            "arize_api_key",
            "team-key",
            "arize_project_name",
            "team-project");
    assertTrue(rule.apply(staticSpec, creds).isPresent());
    Attributes overlay = rule.resourceOverlay(creds);
    assertEquals("team-project", overlay.get(AttributeKey.stringKey("openinference.project.name")));
    assertEquals("team-project", overlay.get(AttributeKey.stringKey("model_id")));
    assertEquals(2, overlay.size());
    // without a project of its own the tenant's spans keep the operator's (ARIZE_PROJECT_NAME)
    assertTrue(rule.resourceOverlay(Map.of("arize_space_id", "s", "arize_api_key", "k")).isEmpty());
  }

  @Test
  void aProjectAloneKeepsTheOperatorsSpaceAndKey() {
    Map<String, String> creds = Map.of("arize_project_name", "team-project");
    assertEquals(staticSpec.headers(), rule.apply(staticSpec, creds).orElseThrow().headers());
    assertEquals(
        "team-project",
        rule.resourceOverlay(creds).get(AttributeKey.stringKey("openinference.project.name")));
    InvalidTenantCredentialsException blank =
        assertThrows(
            InvalidTenantCredentialsException.class,
            () -> rule.apply(staticSpec, Map.of("arize_project_name", " ")));
    assertTrue(blank.getMessage().contains("arize_project_name"), blank.getMessage());
  }
}
