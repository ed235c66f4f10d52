package dev.otelpresets.spring.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Fails early, in one line, when the OpenTelemetry SDK on the classpath is older than the one
 * otel-presets was built with — what {@code spring-boot-starter-parent}'s dependency management
 * does unless {@code opentelemetry.version} is set — instead of a {@code NoSuchMethodError} later.
 */
public final class OtelVersionCheck {
  private OtelVersionCheck() {}

  /** The OpenTelemetry version otel-presets was built with. */
  public static String required() {
    Properties p = new Properties();
    try (InputStream in = OtelVersionCheck.class.getResourceAsStream("otel-version.properties")) {
      if (in == null) {
        throw new IllegalStateException("otel-version.properties is missing from the starter");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("opentelemetry.version");
  }

  /** The OpenTelemetry SDK version on the classpath, or null when it cannot be told. */
  public static String present() {
    try {
      Class<?> c = Class.forName("io.opentelemetry.sdk.common.internal.OtelVersion");
      return String.valueOf(c.getField("VERSION").get(null));
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  /** Throws when the SDK present is older than the one required. */
  public static void requireSupported() {
    String message = problem(present(), required());
    if (message != null) {
      throw new dev.otelpresets.core.config.ConfigException(message);
    }
  }

  /** The one-line problem, or null when {@code present} is at least {@code required}. */
  static String problem(String present, String required) {
    if (present == null || compare(present, required) >= 0) {
      return null;
    }
    return "OpenTelemetry "
        + present
        + " is on the classpath but otel-presets needs "
        + required
        + " or later (Spring Boot's dependency management pins an older one). Set"
        + " <opentelemetry.version>"
        + required
        + "</opentelemetry.version> in your pom's"
        + " <properties> (Gradle: ext['opentelemetry.version'] = '"
        + required
        + "').";
  }

  /** Compares dotted versions numerically ({@code 1.9.0 < 1.10.0}); a suffix is ignored. */
  static int compare(String a, String b) {
    String[] x = a.split("[.-]");
    String[] y = b.split("[.-]");
    for (int i = 0; i < 3; i++) {
      int c = Integer.compare(number(x, i), number(y, i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int number(String[] parts, int i) {
    if (i >= parts.length) {
      return 0;
    }
    try {
      return Integer.parseInt(parts[i]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
