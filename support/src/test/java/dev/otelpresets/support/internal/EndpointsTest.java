package dev.otelpresets.support.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointsTest {

  @ParameterizedTest(name = "{0} + ''{1}'' -> {2}")
  @CsvSource(
      emptyValue = "",
      value = {
        // a path before the prefix (a proxy) is kept
        "https://h/proxy, /otel, https://h/proxy/otel/v1/traces",
        "https://h/proxy/otel/, /otel, https://h/proxy/otel/v1/traces",
        // matched as path segments: neither a host nor a longer segment named like the prefix
        "https://otel, /otel, https://otel/otel/v1/traces",
        "https://h/hotel, /otel, https://h/hotel/otel/v1/traces",
        "https://h/hotel/v1, /otel, https://h/hotel/v1/otel/v1/traces",
        // several slashes, surrounding whitespace, a query
        "'  https://h:4318//  ', '', https://h:4318/v1/traces",
        "https://h/v1/traces?tenant=a, '', https://h/v1/traces?tenant=a",
        "https://h?tenant=a, '', https://h/v1/traces?tenant=a",
        // percent-encoded paths stay encoded
        "https://h/a%20b, '', https://h/a%20b/v1/traces",
        // Arize's documented base
        "https://otlp.arize.com/v1, '', https://otlp.arize.com/v1/traces",
      })
  void tracesUrl(String url, String prefix, String expected) {
    assertEquals(expected, Endpoints.tracesUrl(url, prefix, "test.url"));
    assertEquals(expected, Endpoints.tracesUrl(expected, prefix, "test.url"), "idempotent");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://c.example, https://c.example/v1/traces",
    "https://c.example/, https://c.example/v1/traces",
    "https://c.example/v1, https://c.example/v1/traces",
    "https://c.example/v1/traces/, https://c.example/v1/traces",
    "https://c.example/ingest/otlp, https://c.example/ingest/otlp",
    "https://c.example/ingest/otlp/, https://c.example/ingest/otlp",
  })
  void tracesUrlOrAsGiven(String url, String expected) {
    assertEquals(expected, Endpoints.tracesUrlOrAsGiven(url, "test.url"));
    assertEquals(expected, Endpoints.tracesUrlOrAsGiven(expected, "test.url"), "idempotent");
  }

  @Test
  void badUrlsNameTheSettingAndBadPrefixesAreRefused() {
    for (String bad : new String[] {"h.example", "ftp://h.example", "https://", "http://a b"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Endpoints.tracesUrl(bad, "/otel", "presets.x.host (X_HOST)"));
      assertTrue(e.getMessage().startsWith("presets.x.host (X_HOST): "), e.getMessage());
    }
    for (String prefix : new String[] {"otel", "/otel/"}) {
      assertThrows(
          IllegalArgumentException.class, () -> Endpoints.tracesUrl("https://h", prefix, "x"));
    }
  }

  @Test
  void endpointRulesPresetsShare() {
    assertEquals(
        "http://h:4318/v1/traces", Endpoints.appendPathIfMissing("http://h:4318/", "/v1/traces"));
    assertEquals(
        "http://h:4318/v1/traces",
        Endpoints.appendPathIfMissing("http://h:4318/v1/traces", "/v1/traces"));
    assertEquals("https://cloud.langfuse.com", Endpoints.withDefaultScheme("cloud.langfuse.com"));
    assertEquals("http://x", Endpoints.withDefaultScheme("http://x"));
    assertEquals("Bearer t", AuthHeaders.bearer("t"));
  }
}
