package dev.otelpresets.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExporterSpecTest {

  @Test
  void secretHeaderValuesNeverAppearInToStringButReachTheTransport() {
    ExporterSpec spec =
        ExporterSpec.builder(ExporterOwner.LANGFUSE)
            .endpoint("https://cloud.langfuse.com/api/public/otel/v1/traces")
            .secretHeader("Authorization", "Basic cGstMTpzay12ZXJ5LXNlY3JldA==")
            .header("x-langfuse-ingestion-version", "4")
            .build();
    assertFalse(spec.toString().contains("sk-very-secret"), spec.toString());
    assertFalse(spec.toString().contains("Basic cGstMTpzay12ZXJ5LXNlY3JldA=="));
    assertTrue(spec.toString().contains("x-langfuse-ingestion-version=4"), spec.toString());
    assertEquals(ExporterSpec.REDACTED, spec.redactedHeaders().get("Authorization"));
    assertEquals("Basic cGstMTpzay12ZXJ5LXNlY3JldA==", spec.headers().get("Authorization"));
    assertTrue(spec.isSecretHeader("authorization"), "case-insensitive");
  }

  @Test
  void defaultsAndVariants() {
    ExporterSpec spec =
        ExporterSpec.builder(ExporterOwner.of("acme"))
            .endpoint("http://127.0.0.1:4318/v1/traces")
            .build();
    assertEquals(ExporterProtocol.HTTP_PROTOBUF, spec.protocol());
    assertEquals("gzip", spec.compression());
    assertEquals(Duration.ofSeconds(10), spec.timeout());
    ExporterSpec tenant = spec.toBuilder().secretHeader("api_key", "t").build();
    assertEquals(Map.of(), spec.headers());
    assertEquals(Map.of("api_key", "t"), tenant.headers());
    assertEquals(spec.endpoint(), tenant.endpoint());
  }

  @Test
  void invalidValuesAreRejectedWithTheFix() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ExporterSpec.builder(ExporterOwner.ARIZE).endpoint("otlp.arize.com/v1").build());
    assertTrue(e.getMessage().contains("must start with http:// or https://"), e.getMessage());
    assertThrows(
        IllegalStateException.class, () -> ExporterSpec.builder(ExporterOwner.ARIZE).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> ExporterSpec.builder(ExporterOwner.ARIZE).compression("brotli"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ExporterSpec.builder(ExporterOwner.ARIZE).timeout(Duration.ZERO));
  }

  @Test
  void ownersAreAnOpenValueType() {
    assertEquals(ExporterOwner.LANGFUSE, ExporterOwner.of("langfuse"));
    assertEquals("langwatch", ExporterOwner.of("langwatch").id());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ExporterOwner.of("Lang Watch"));
    assertTrue(e.getMessage().contains("lower case"), e.getMessage());
    assertFalse(ExporterOwner.isValidId("1abc"));
  }

  @Test
  void protocolsUseTheStandardNames() {
    assertEquals(ExporterProtocol.GRPC, ExporterProtocol.fromWireName(" GRPC "));
    assertEquals("http/protobuf", ExporterProtocol.HTTP_PROTOBUF.wireName());
    assertThrows(IllegalArgumentException.class, () -> ExporterProtocol.fromWireName("http/json"));
  }
}
