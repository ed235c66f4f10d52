package dev.otelpresets.presets.langfuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.internal.ResolvedPresetSettings;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.InvalidTenantCredentialsException;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.support.internal.AuthHeaders;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LangfuseTenantCredentialRuleTest {
  /** The core's own settings resolution (env only; YAML precedence is covered end to end). */
  private static ResolvedPresetSettings settings(PresetProvider provider, Map<String, String> env) {
    return ResolvedPresetSettings.resolve(provider, null, Environment.of(env));
  }

  private static final String TENANT_PK = "pk-lf-tenant";
  private static final String TENANT_SK = "sk-lf-tenant-SECRET";

  private final LangfusePresetProvider provider = new LangfusePresetProvider();
  private final Preset preset =
      provider.create(
          settings(
              provider,
              Map.of("LANGFUSE_PUBLIC_KEY", "pk-static", "LANGFUSE_SECRET_KEY", "sk-static")));
  private final ExporterSpec staticSpec = preset.exporters().get(0);
  private final LangfuseTenantCredentialRule rule = new LangfuseTenantCredentialRule();

  @Test
  void credentialKeys() {
    assertEquals(
        Set.of("langfuse_public_key", "langfuse_secret_key", "langfuse_host"),
        rule.credentialKeys());
  }

  @Test
  void noCredentialsUsesTheStaticExporter() {
    assertEquals(Optional.empty(), rule.apply(staticSpec, Map.of()));
    assertEquals(Optional.empty(), rule.apply(staticSpec, Map.of("unrelated", "x")));
    assertEquals(Optional.empty(), rule.apply(staticSpec, Map.of("langfuse_public_key", " ")));
  }

  @Test
  void bothKeysReplaceBasicAuthAndKeepEndpoint() {
    ExporterSpec tenant =
        rule.apply(
                staticSpec,
                Map.of("langfuse_public_key", TENANT_PK, "langfuse_secret_key", TENANT_SK))
            .orElseThrow();
    assertEquals(AuthHeaders.basic(TENANT_PK, TENANT_SK), tenant.headers().get("Authorization"));
    assertEquals("4", tenant.headers().get("x-langfuse-ingestion-version"));
    assertEquals(staticSpec.endpoint(), tenant.endpoint());
    assertEquals(staticSpec.owner(), tenant.owner());
    assertTrue(tenant.isSecretHeader("Authorization"));
    assertFalse(tenant.toString().contains(TENANT_SK));
    // the static spec is untouched
    assertEquals(
        AuthHeaders.basic("pk-static", "sk-static"), staticSpec.headers().get("Authorization"));
  }

  @Test
  void hostBecomesTheEndpoint() {
    ExporterSpec tenant =
        rule.apply(
                staticSpec,
                Map.of(
                    "langfuse_public_key",
                    TENANT_PK,
                    "langfuse_secret_key",
                    TENANT_SK,
                    "langfuse_host",
                    "us.cloud.langfuse.com"))
            .orElseThrow();
    assertEquals("https://us.cloud.langfuse.com/api/public/otel/v1/traces", tenant.endpoint());
  }

  @Test
  void incompleteSetNamesTheMissingKeyNeverAValue() {
    InvalidTenantCredentialsException e =
        assertThrows(
            InvalidTenantCredentialsException.class,
            () -> rule.apply(staticSpec, Map.of("langfuse_secret_key", TENANT_SK)));
    assertTrue(e.getMessage().contains("missing langfuse_public_key"), e.getMessage());
    assertFalse(e.getMessage().contains(TENANT_SK));

    e =
        assertThrows(
            InvalidTenantCredentialsException.class,
            () ->
                rule.apply(
                    staticSpec,
                    Map.of("langfuse_public_key", TENANT_PK, "langfuse_secret_key", "")));
    assertTrue(e.getMessage().contains("missing langfuse_secret_key"), e.getMessage());
    assertFalse(e.getMessage().contains(TENANT_PK));

    Map<String, String> hostOnly = new HashMap<>();
    hostOnly.put("langfuse_host", "https://evil.example.com");
    e =
        assertThrows(
            InvalidTenantCredentialsException.class, () -> rule.apply(staticSpec, hostOnly));
    assertTrue(
        e.getMessage().contains("langfuse_public_key and langfuse_secret_key"), e.getMessage());
  }

  @Test
  void invalidHostIsRejectedWithoutEchoingIt() {
    InvalidTenantCredentialsException e =
        assertThrows(
            InvalidTenantCredentialsException.class,
            () ->
                rule.apply(
                    staticSpec,
                    Map.of(
                        "langfuse_public_key",
                        TENANT_PK,
                        "langfuse_secret_key",
                        TENANT_SK,
                        "langfuse_host",
                        "ftp://x.example.com")));
    assertTrue(e.getMessage().contains("langfuse_host"), e.getMessage());
    assertFalse(e.getMessage().contains("ftp://x.example.com"));
    assertFalse(e.getMessage().contains(TENANT_SK));
  }
}
