package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.app.cli.Cli;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --preset-path}: third-party preset jars from a folder join the built-in presets. */
class PresetPathTest {

  private static String run(Map<String, String> env, String... args) {
    CommandLine cl = Main.commandLine(Cli.of(env));
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(out, true));
    int exit = cl.execute(args);
    return exit + "\n" + out;
  }

  private static Path pluginJar(Path dir) throws Exception {
    Path jar = dir.resolve("plugin-test-1.0.jar");
    try (OutputStream f = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(f)) {
      j.putNextEntry(new JarEntry("META-INF/services/dev.otelpresets.spi.PresetProvider"));
      j.write((PluginTestPreset.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      j.closeEntry();
    }
    return jar;
  }

  @Test
  void presetsFromTheFolderAreListedOnlyWhenAsked(@TempDir Path dir) throws Exception {
    pluginJar(dir);
    assertFalse(run(Map.of(), "presets").contains("plugin-test"));
    String after = run(Map.of(), "presets", "--preset-path", dir.toString());
    assertTrue(after.startsWith("0\n"), after);
    assertTrue(after.contains("plugin-test"), after);
    String before = run(Map.of(), "--preset-path", dir.toString(), "presets");
    assertTrue(
        before.contains("plugin-test"), "the option before the command works too: " + before);
    String viaEnv = run(Map.of("OTEL_PRESETS_PRESET_PATH", dir.toString()), "presets");
    assertTrue(viaEnv.contains("plugin-test"), viaEnv);
  }

  @Test
  void aMissingFolderIsAUsageError(@TempDir Path dir) {
    String out = run(Map.of(), "presets", "--preset-path", dir.resolve("nope").toString());
    assertEquals("2", out.substring(0, 1), out);
    assertTrue(out.contains("not a folder"), out);
  }
}
