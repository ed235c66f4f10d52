package dev.otelpresets.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The extension jar holds what the agent's extension docs ask for, and nothing the agent owns. */
class ShadedJarIT {

  @Test
  void bundlesPresetsAndRelocatedLibrariesButNoOpenTelemetryClasses() throws IOException {
    try (JarFile jar = new JarFile(System.getProperty("otelpresets.it.extensionJar"))) {
      List<String> names = jar.stream().map(ZipEntry::getName).toList();
      List<String> foreign =
          names.stream()
              .filter(n -> n.endsWith(".class"))
              .filter(n -> !n.startsWith("dev/otelpresets/"))
              .toList();
      assertEquals(List.of(), foreign, "every bundled class is ours or relocated under ours");
      assertTrue(names.contains("dev/otelpresets/agent/PresetsCustomizerProvider.class"));
      assertTrue(
          names.stream().anyMatch(n -> n.startsWith("dev/otelpresets/agent/shaded/jackson/")));
      assertTrue(
          names.stream().anyMatch(n -> n.startsWith("dev/otelpresets/agent/shaded/snakeyaml/")));
      // the Guice composition root comes along, relocated
      assertTrue(names.stream().anyMatch(n -> n.startsWith("dev/otelpresets/agent/shaded/guice/")));
      assertTrue(names.stream().noneMatch(n -> n.startsWith("com/google/")));
      String customizers =
          read(
              jar,
              "META-INF/services/io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider");
      assertEquals("dev.otelpresets.agent.PresetsCustomizerProvider", customizers.trim());
      String presets = read(jar, "META-INF/services/dev.otelpresets.spi.PresetProvider");
      for (String p : List.of("arize", "phoenix", "langfuse", "weave", "levo", "agentops")) {
        assertTrue(presets.contains("dev.otelpresets.presets." + p + "."), presets);
      }
    }
  }

  private static String read(JarFile jar, String name) throws IOException {
    ZipEntry e = jar.getEntry(name);
    assertTrue(e != null, name + " missing");
    return new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
  }
}
