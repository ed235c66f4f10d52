package dev.otelpresets.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The exact texts of the SPI's {@code toString()}s and error messages: tools and users read them,
 * so rewording the code that builds them must not change a character.
 */
class SpiTextsTest {

  @Test
  void exporterSpecAndPresetPrintTheirValuesWithSecretsRedacted() {
    ExporterSpec spec =
        ExporterSpec.builder(ExporterOwner.ARIZE)
            .protocol(ExporterProtocol.GRPC)
            .endpoint("HTTPS://otlp.arize.com")
            .header("space_id", "s1")
            .secretHeader("api_key", "k1")
            .compression("none")
            .timeout(Duration.ofSeconds(3))
            .build();
    assertEquals(
        "ExporterSpec{owner=arize, protocol=grpc, endpoint=https://otlp.arize.com,"
            + " headers={space_id=s1, api_key=<redacted>}, compression=none, timeout=PT3S}",
        spec.toString());
    ExporterSpec custom =
        spec.toBuilder()
            .customFactory((s, otlp) -> otlp.create(s))
            .removeHeader("space_id")
            .build();
    assertEquals(
        "ExporterSpec{owner=arize, protocol=grpc, endpoint=https://otlp.arize.com,"
            + " headers={api_key=<redacted>}, compression=none, timeout=PT3S, custom exporter}",
        custom.toString());
    Preset preset =
        Preset.builder(ExporterOwner.ARIZE)
            .exporter(custom)
            .resourceOverlay(Attributes.of(AttributeKey.stringKey("p"), "x"))
            .build();
    assertEquals(
        "Preset{owner=arize, exporters=[" + custom + "], resourceOverlay={p=\"x\"}}",
        preset.toString());
  }

  @Test
  void errorMessagesNameTheValueAndTheFix() {
    IllegalArgumentException url =
        assertThrows(
            IllegalArgumentException.class,
            () -> ExporterSpec.requireHttpUrl("http://a b", "presets.x.host"));
    assertEquals(
        "presets.x.host: 'http://a b' is not a valid URL (Illegal character in authority);"
            + " expected something like https://host:port/path",
        url.getMessage());
    IllegalArgumentException header =
        assertThrows(
            IllegalArgumentException.class,
            () -> ExporterSpec.builder(ExporterOwner.WEAVE).secretHeader("auth", "a\nb"));
    assertEquals(
        "the value of header 'auth' of exporter 'weave' contains a line break; "
            + ExporterSpec.HEADER_VALUE_FIX,
        header.getMessage());
    IllegalArgumentException unless =
        assertThrows(
            IllegalArgumentException.class,
            () -> SettingSpec.builder("api_key").requiredUnless("Endpoint"));
    assertEquals(
        "setting 'api_key': requiredUnless('Endpoint') must name another setting of the preset,"
            + " in lower snake case",
        unless.getMessage());
    IllegalStateException both =
        assertThrows(
            IllegalStateException.class,
            () -> SettingSpec.builder("api_key").required().requiredUnless("endpoint").build());
    assertEquals(
        "setting 'api_key' is required() and requiredUnless('endpoint'): keep one",
        both.getMessage());
  }
}
