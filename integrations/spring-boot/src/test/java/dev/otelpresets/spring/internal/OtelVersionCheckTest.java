package dev.otelpresets.spring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OtelVersionCheckTest {

  @Test
  void theStarterKnowsTheVersionItWasBuiltWithAndRunsOnIt() {
    assertTrue(
        OtelVersionCheck.required().matches("\\d+\\.\\d+\\.\\d+.*"), OtelVersionCheck.required());
    assertEquals(OtelVersionCheck.required(), OtelVersionCheck.present());
    OtelVersionCheck.requireSupported();
  }

  @Test
  void anOlderSdkIsOneLineWithTheFix() {
    String problem = OtelVersionCheck.problem("1.55.0", "1.67.0");
    assertEquals(
        "OpenTelemetry 1.55.0 is on the classpath but otel-presets needs 1.67.0 or later"
            + " (Spring Boot's dependency management pins an older one). Set"
            + " <opentelemetry.version>1.67.0</opentelemetry.version> in your pom's <properties>"
            + " (Gradle: ext['opentelemetry.version'] = '1.67.0').",
        problem);
    assertNull(OtelVersionCheck.problem("1.67.0", "1.67.0"));
    assertNull(OtelVersionCheck.problem("1.100.0", "1.67.0"), "numeric, not lexical");
    assertTrue(OtelVersionCheck.compare("1.9.0", "1.10.0") < 0);
    assertNull(OtelVersionCheck.problem(null, "1.67.0"), "unknown: no claim");
  }
}
