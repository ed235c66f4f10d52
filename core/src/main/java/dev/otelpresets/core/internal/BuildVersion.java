package dev.otelpresets.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The project version this build was made from: {@code version.properties} next to this class,
 * filled in by Maven resource filtering from the root pom's version, so {@code target/classes}
 * (tests) and every jar carry it. The one source of the version: the instrumentation scope of the
 * {@code dev.otelpresets} tracer, meter and logger, and what {@code otel-presets --version} prints.
 */
public final class BuildVersion {
  /** The version, or {@code "unknown"} when the resource was not filtered (an IDE build). */
  public static final String VERSION = load();

  private BuildVersion() {}

  private static String load() {
    Properties p = new Properties();
    try (InputStream in = BuildVersion.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // an unreadable resource is an unknown version, not a failure to start
    }
    String v = p.getProperty("version", "").trim();
    if (v.isEmpty() || v.contains("${")) {
      String manifest = BuildVersion.class.getPackage().getImplementationVersion();
      return manifest == null ? "unknown" : manifest;
    }
    return v;
  }
}
