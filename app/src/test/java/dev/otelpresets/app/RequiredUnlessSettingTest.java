package dev.otelpresets.app;

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

/**
 * {@code SettingSpec.requiredUnless}: {@code presets} shows the condition and whether it is met,
 * {@code doctor} refuses a config that meets neither side and says why the key is not needed
 * when the endpoint is set.
 */
class RequiredUnlessSettingTest {

  private static String run(Map<String, String> env, String... args) {
    CommandLine cl = Main.commandLine(Cli.of(env));
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(out, true));
    int exit = cl.execute(args);
    return exit + "\n" + out;
  }

  /** A plugins folder whose jar registers {@link SelfHostedTestPreset}. */
  private static Path plugins(Path dir) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("plugins"));
    Path jar = folder.resolve("self-hosted-test-1.0.jar");
    try (OutputStream f = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(f)) {
      j.putNextEntry(new JarEntry("META-INF/services/dev.otelpresets.spi.PresetProvider"));
      j.write((SelfHostedTestPreset.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      j.closeEntry();
    }
    return folder;
  }

  private static void assertContains(String haystack, String needle) {
    assertTrue(haystack.contains(needle), () -> "expected <" + needle + "> in:\n" + haystack);
  }

  @Test
  void presetsShowsTheConditionAndWhetherItIsMet(@TempDir Path dir) throws Exception {
    String path = plugins(dir).toString();
    String neither = run(Map.of(), "presets", "--preset-path", path);
    assertTrue(neither.startsWith("0\n"), neither);
    assertContains(neither, "required unless endpoint is set, secret");
    assertContains(neither, "NOT SET (required unless endpoint is set)");

    String selfHosted =
        run(
            Map.of("SELF_HOSTED_TEST_ENDPOINT", "http://127.0.0.1:4318/v1/traces"),
            "presets",
            "--preset-path",
            path);
    assertContains(selfHosted, "not set (not needed: endpoint is set)");

    String cloud =
        run(
            Map.of("SELF_HOSTED_TEST_API_KEY", "sk-hosted-secret-1"),
            "presets",
            "--preset-path",
            path);
    assertContains(cloud, "set (env SELF_HOSTED_TEST_API_KEY, value hidden)");
    assertFalse(cloud.contains("sk-hosted-secret-1"), cloud);
  }

  @Test
  void doctorRefusesNeitherAndExplainsTheSelfHostedCase(@TempDir Path dir) throws Exception {
    String path = plugins(dir).toString();
    Path config = Files.writeString(dir.resolve("c.yaml"), "callbacks: [self-hosted-test]\n");

    String neither = run(Map.of(), "doctor", "--preset-path", path, "--config", config.toString());
    assertTrue(neither.startsWith("2\n"), neither);
    assertContains(
        neither,
        "preset 'self-hosted-test' needs presets.self-hosted-test.api_key"
            + " (or environment variable SELF_HOSTED_TEST_API_KEY), which is not set; it is required"
            + " unless presets.self-hosted-test.endpoint (or environment variable"
            + " SELF_HOSTED_TEST_ENDPOINT) is set.");

    String selfHosted =
        run(
            Map.of("SELF_HOSTED_TEST_ENDPOINT", "http://127.0.0.1:4318/v1/traces"),
            "doctor",
            "--preset-path",
            path,
            "--config",
            config.toString());
    assertContains(selfHosted, "api_key not set (not needed: endpoint is set)");
    assertContains(selfHosted, "http://127.0.0.1:4318/v1/traces");
  }
}
