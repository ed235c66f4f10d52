package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The shaded CLI jar ({@code app/target/otel-presets.jar}, built in {@code package}) carries what
 * {@code demo} needs from the testkit (the embedded receiver) but not the test framework the
 * testkit's conformance suite is written against.
 */
class ShadedJarIT {

  private static Path appJar() {
    String path = System.getProperty("otelpresets.it.appJar");
    assertNotNull(path, "otelpresets.it.appJar is set by the app's failsafe configuration");
    Path jar = Path.of(path);
    assertTrue(Files.isRegularFile(jar), "the shaded jar exists: " + jar);
    return jar;
  }

  @Test
  void carriesNoJUnit() throws IOException {
    try (JarFile jar = new JarFile(appJar().toFile())) {
      List<String> junit =
          jar.stream()
              .map(ZipEntry::getName)
              .filter(
                  n ->
                      n.startsWith("org/junit/")
                          || n.startsWith("junit/")
                          || n.startsWith("org/opentest4j/")
                          || n.startsWith("org/apiguardian/"))
              .limit(5)
              .toList();
      assertEquals(List.of(), junit, "JUnit classes in the shaded jar");
    }
  }

  /**
   * No class left in the jar needs JUnit: the testkit's conformance suite (a JUnit base class and
   * its helpers) is left out, so nothing in the jar fails to load for want of a test framework.
   */
  @Test
  void carriesNoClassThatNeedsJUnit() throws IOException {
    try (JarFile jar = new JarFile(appJar().toFile())) {
      List<String> needJUnit = new ArrayList<>();
      for (JarEntry entry : Collections.list(jar.entries())) {
        if (!entry.getName().endsWith(".class")) {
          continue;
        }
        try (InputStream in = jar.getInputStream(entry)) {
          // class names in the constant pool are plain ASCII: a reference to JUnit shows as text
          String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
          if (bytes.contains("org/junit/") || bytes.contains("org/opentest4j/")) {
            needJUnit.add(entry.getName());
          }
        }
      }
      assertEquals(List.of(), needJUnit, "classes in the shaded jar that refer to JUnit");
      assertNull(
          jar.getEntry("dev/otelpresets/testkit/conformance/PresetConformanceTest.class"),
          "the conformance suite is for preset builds, not the CLI");
    }
  }

  @Test
  void carriesTheReceiverDemoNeedsAndTheMainClass() throws IOException {
    try (JarFile jar = new JarFile(appJar().toFile())) {
      assertNotNull(jar.getEntry("dev/otelpresets/testkit/OtlpReceiver.class"), "demo's receiver");
      assertNotNull(jar.getEntry("dev/otelpresets/app/Main.class"));
      assertEquals(
          "dev.otelpresets.app.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
    }
  }
}
