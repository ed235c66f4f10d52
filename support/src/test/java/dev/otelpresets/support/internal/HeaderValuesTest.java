package dev.otelpresets.support.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.InvalidTenantCredentialsException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Header values: trimmed, or refused with a message that names the header and never the value. */
class HeaderValuesTest {
  private static final String SECRET = "sk-HEADERVALUES-1d9f";

  private static ExporterSpec.Builder langfuse() {
    return ExporterSpec.builder(ExporterOwner.LANGFUSE).endpoint("https://h/v1/traces");
  }

  @Test
  void surroundingWhitespaceAndATrailingNewlineAreTrimmed() {
    ExporterSpec spec =
        langfuse()
            .secretHeader("Authorization", "Bearer " + SECRET + "\n")
            .header("x-project", "  demo\r\n")
            .build();
    assertEquals("Bearer " + SECRET, spec.headers().get("Authorization"));
    assertEquals("demo", spec.headers().get("x-project"));
  }

  @Test
  void aLineBreakControlOrNonAsciiCharacterInsideIsRefusedWithoutTheValue() {
    Map<String, String> bad =
        Map.of(
            "Bearer " + SECRET + "\nX-Forged: 1", "contains a line break",
            "Bearer \u0007" + SECRET, "contains a control character",
            "Bearer " + SECRET + "\u00e9", "contains a non-ASCII character");
    bad.forEach(
        (value, words) -> {
          IllegalArgumentException e =
              assertThrows(
                  IllegalArgumentException.class,
                  () -> langfuse().secretHeader("Authorization", value));
          assertTrue(
              e.getMessage().contains("header 'Authorization' of exporter 'langfuse'"),
              e.getMessage());
          assertTrue(e.getMessage().contains(words), e.getMessage());
          assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        });
  }

  @Test
  void tenantCredentialsWithALineBreakAreRefusedNamingTheKey() {
    TenantCredentials creds =
        TenantCredentials.of(
            "arize", Map.of("arize_api_key", SECRET + "\r\nx", "arize_space_id", " space \n"));
    InvalidTenantCredentialsException e =
        assertThrows(InvalidTenantCredentialsException.class, () -> creds.get("arize_api_key"));
    assertTrue(e.getMessage().contains("'arize_api_key'"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    assertEquals(Optional.of("space"), creds.get("arize_space_id"));
  }

  @Test
  void anEndpointSchemeInCapitalsIsNormalised() {
    assertEquals(
        "http://Collector.example:4318/v1/traces",
        ExporterSpec.builder(ExporterOwner.OTEL)
            .endpoint("HTTP://Collector.example:4318/v1/traces")
            .build()
            .endpoint());
  }
}
