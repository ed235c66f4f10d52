package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scheme, host and port of a tenant's endpoint against {@code tenants.allowed_hosts}. */
class TenantHostAllowlistTest {
  private static final String STATIC = "https://cloud.langfuse.com/api/public/otel/v1/traces";
  private final TenantHostAllowlist allowlist =
      new TenantHostAllowlist(
          Set.of("lf.example.com", "lf8443.example.com:8443", "[::1]:4318", "Mixed.Example.com"));

  private boolean allows(String endpoint) {
    return allowlist.allows(STATIC, endpoint);
  }

  @Test
  void aBareHostAllowsOnlyTheDefaultPortOfTheScheme() {
    assertTrue(allows("https://lf.example.com/v1/traces"));
    assertTrue(allows("https://lf.example.com:443/v1/traces"));
    assertTrue(allows("http://lf.example.com/v1/traces"));
    assertTrue(allows("http://lf.example.com:80/v1/traces"));
    assertFalse(allows("https://lf.example.com:8443/v1/traces"));
    assertFalse(allows("http://lf.example.com:443/v1/traces"));
    assertFalse(allows("https://lf.example.com:80/v1/traces"));
  }

  @Test
  void aHostPortEntryAllowsExactlyThatPort() {
    assertTrue(allows("https://lf8443.example.com:8443/v1/traces"));
    assertTrue(allows("http://lf8443.example.com:8443/v1/traces"));
    assertFalse(allows("https://lf8443.example.com/v1/traces"));
    assertFalse(allows("https://lf8443.example.com:8444/v1/traces"));
    assertTrue(allows("http://[::1]:4318/v1/traces"));
    assertFalse(allows("http://[::1]:4317/v1/traces"));
  }

  @Test
  void theOperatorsOwnServerIsAlwaysAllowedAndOnlyWithItsPort() {
    assertTrue(allows("https://cloud.langfuse.com/api/public/otel/v1/traces"));
    assertTrue(allows("https://cloud.langfuse.com:443/other/path"));
    assertFalse(allows("https://cloud.langfuse.com:8443/api/public/otel/v1/traces"));
    assertFalse(allows("http://cloud.langfuse.com:443/api/public/otel/v1/traces"));
  }

  @Test
  void caseDoesNotMatterAndOnlyHttpSchemesAndPlainHostsPass() {
    assertTrue(allows("HTTPS://LF.Example.COM/v1/traces"));
    assertTrue(allows("https://mixed.example.com/v1/traces"));
    assertFalse(allows("ftp://lf.example.com/v1/traces"));
    assertFalse(allows("https://lf.example.com@127.0.0.1/v1/traces"));
    assertFalse(allows("https://user@lf.example.com/v1/traces"));
    assertFalse(allows("https://127.0.0.1#lf.example.com"));
    assertFalse(allows("not a url"));
    assertFalse(allows("lf.example.com"));
  }

  @Test
  void theRefusalNamesTheEntryThatWouldAllowIt() {
    assertEquals(
        "lf.example.com:8443", TenantHostAllowlist.hostPort("https://LF.example.com:8443/x"));
    assertEquals("lf.example.com:443", TenantHostAllowlist.hostPort("https://lf.example.com/x"));
    assertEquals(
        "127.0.0.1:4318", TenantHostAllowlist.hostPort("http://lf.example.com@127.0.0.1:4318/x"));
  }
}
