package dev.otelpresets.presets.weave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.InvalidTenantCredentialsException;
import dev.otelpresets.support.internal.AuthHeaders;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WeaveTenantCredentialRuleTest {
  private final WeaveTenantCredentialRule rule = new WeaveTenantCredentialRule();
  private final ExporterSpec staticSpec =
      WeavePresetProviderTest.create(WeavePresetProviderTest.env()).exporters().get(0);

  @Test
  void noCredentials() {
    assertTrue(rule.apply(staticSpec, Map.of()).isEmpty());
    assertEquals(Attributes.empty(), rule.resourceOverlay(Map.of()));
  }

  @Test
  void tenantProjectAndKey() {
    Map<String, String> creds =
        Map.of("wandb_api_key", "team-key", "weave_project_id", "team-b/agents");
    ExporterSpec t = rule.apply(staticSpec, creds).orElseThrow();
    assertEquals(AuthHeaders.basic("api", "team-key"), t.headers().get("Authorization"));
    assertEquals("team-key", t.headers().get("wandb-api-key"));
    assertEquals("team-b/agents", t.headers().get("project_id"));
    assertEquals(staticSpec.endpoint(), t.endpoint());
    assertFalse(t.toString().contains("team-key"));
    Attributes overlay = rule.resourceOverlay(creds);
    assertEquals("team-b", overlay.get(AttributeKey.stringKey("wandb.entity")));
    assertEquals("agents", overlay.get(AttributeKey.stringKey("wandb.project")));
  }

  @Test
  void incompleteOrMalformedSets() {
    InvalidTenantCredentialsException noProject =
        assertThrows(
            InvalidTenantCredentialsException.class,
            () -> rule.apply(staticSpec, Map.of("wandb_api_key", "team-key")));
    assertTrue(noProject.getMessage().contains("weave_project_id"), noProject.getMessage());
    assertFalse(noProject.getMessage().contains("team-key"));

    InvalidTenantCredentialsException noKey =
        assertThrows(
            InvalidTenantCredentialsException.class,
            () -> rule.apply(staticSpec, Map.of("weave_project_id", "a/b")));
    assertTrue(noKey.getMessage().contains("but wandb_api_key missing"), noKey.getMessage());

    InvalidTenantCredentialsException shape =
        assertThrows(
            InvalidTenantCredentialsException.class,
            () -> rule.apply(staticSpec, Map.of("wandb_api_key", "k", "weave_project_id", "nope")));
    assertTrue(shape.getMessage().contains("entity/project"), shape.getMessage());
  }

  @Test
  void declaresItsKeys() {
    assertEquals(Set.of("wandb_api_key", "weave_project_id"), rule.credentialKeys());
  }
}
