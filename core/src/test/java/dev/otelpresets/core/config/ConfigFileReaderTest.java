package dev.otelpresets.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.otelpresets.core.Environment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not a configuration: each is refused with one line naming the file, what is
 * wrong and what to do — without hanging (a FIFO) or reading without end ({@code /dev/zero}).
 */
class ConfigFileReaderTest {
  @TempDir Path dir;

  private static ConfigException refused(Path file) {
    return assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThrows(
                ConfigException.class,
                () -> ConfigLoader.create(Environment.of(Map.of())).load(file)));
  }

  private static void assertOneLine(ConfigException e, Path file, String... fragments) {
    String m = e.getMessage();
    assertTrue(m.contains(file.toString()), "names the file: " + m);
    assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
    for (String f : fragments) {
      assertTrue(m.contains(f), "expected <" + f + "> in: " + m);
    }
  }

  @Test
  void aFifoIsRefusedWithoutWaitingForAWriter() throws Exception {
    Path fifo = dir.resolve("config.fifo");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(p.waitFor() == 0, "mkfifo is not available here");
    assertOneLine(refused(fifo), fifo, "not a regular file", "regular file and pass that path");
  }

  @Test
  void aDeviceThatNeverEndsIsRefused() {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "no /dev/zero here");
    assertOneLine(refused(zero), zero, "not a regular file");
  }

  @Test
  void aDirectoryIsRefused() {
    assertOneLine(refused(dir), dir, "is a directory", "otel-presets.yaml");
  }

  @Test
  void aFileOverOneMebibyteIsRefusedNamingTheLimit() throws Exception {
    Path big = dir.resolve("big.yaml");
    byte[] comment =
        "# padding padding padding padding padding padding padding padding\n"
            .getBytes(StandardCharsets.UTF_8);
    try (var out = Files.newOutputStream(big)) {
      out.write("callbacks: [otel]\n".getBytes(StandardCharsets.UTF_8));
      for (int written = 0; written <= ConfigLoader.MAX_FILE_BYTES; written += comment.length) {
        out.write(comment);
      }
    }
    assertOneLine(refused(big), big, "larger than 1048576 bytes (1 MiB)");
  }

  @Test
  void aFileJustUnderTheLimitIsRead() throws Exception {
    Path ok = dir.resolve("ok.yaml");
    String line = "# " + "x".repeat(1000) + "\n";
    StringBuilder sb = new StringBuilder("callbacks: [otel]\n");
    while (sb.length() + line.length() < ConfigLoader.MAX_FILE_BYTES) {
      sb.append(line);
    }
    Files.writeString(ok, sb);
    assertEquals(
        List.of("otel"),
        ConfigLoader.names(ConfigLoader.create(Environment.of(Map.of())).load(ok).callbacks()));
  }

  @Test
  void textThatIsNotUtf8IsRefusedWithItsLine() throws Exception {
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(
        latin1,
        "callbacks: [otel]\nsettings:\n  service_name: caf\u00e9\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    ConfigException e = refused(latin1);
    assertOneLine(e, latin1, latin1 + ":3:1:", "not valid UTF-8", "0xE9", "Save it as UTF-8");
  }

  @Test
  void utf16IsRefusedAndAUtf8ByteOrderMarkIsAccepted() throws Exception {
    Path utf16 = dir.resolve("utf16.yaml");
    Files.write(utf16, "\uFEFFcallbacks: [otel]\n".getBytes(StandardCharsets.UTF_16));
    assertOneLine(refused(utf16), utf16, "UTF-16", "Save it as UTF-8");

    Path bom = dir.resolve("bom.yaml");
    Files.write(bom, "\uFEFFcallbacks: [otel]\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(
        List.of("otel"),
        ConfigLoader.names(ConfigLoader.create(Environment.of(Map.of())).load(bom).callbacks()));
  }

  @Test
  void utf16WithoutAByteOrderMarkAndUtf32AreNamedNotCalledBinary() throws Exception {
    // UTF-16 without a mark was "a binary file (it contains a NUL byte)", UTF-32 was "UTF-16"
    Map<String, byte[]> files =
        Map.of(
            "UTF-16",
            "callbacks: [otel]\n".getBytes(StandardCharsets.UTF_16LE),
            "UTF-16 ",
            "callbacks: [otel]\n".getBytes(StandardCharsets.UTF_16BE),
            "UTF-32",
            "\uFEFFcallbacks: [otel]\n".getBytes(java.nio.charset.Charset.forName("UTF-32LE")));
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey().trim() + f.getValue().length + ".yaml");
      Files.write(p, f.getValue());
      assertOneLine(refused(p), p, "is " + f.getKey().trim() + " text", "Save it as UTF-8");
    }
  }

  @Test
  void aRandomBinaryIsRefusedInWords() throws Exception {
    Path bin = dir.resolve("app.jar");
    byte[] bytes = new byte[4096];
    new java.util.Random(7).nextBytes(bytes);
    bytes[10] = 0;
    Files.write(bin, bytes);
    ConfigException e = refused(bin);
    assertOneLine(e, bin);
    assertTrue(
        e.getMessage().contains("binary file") || e.getMessage().contains("not valid" + " UTF-8"),
        e.getMessage());
  }

  @Test
  void anUnreadableFileIsRefusedInWords() throws Exception {
    Path secret = dir.resolve("locked.yaml");
    Files.writeString(secret, "callbacks: [otel]\n");
    try {
      Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    } catch (UnsupportedOperationException e) {
      assumeTrue(false, "no POSIX permissions here");
    }
    // root reads everything; the check is only meaningful for an ordinary user
    assumeTrue(!Files.isReadable(secret), "this user can read a file without permissions");
    assertOneLine(refused(secret), secret, "permission denied", "readable");
  }

  @Test
  void aFileThatFailsToReadIsRefusedInWords() {
    Path mem = Path.of("/proc/self/mem"); // a regular file whose first read fails (EIO)
    assumeTrue(Files.isRegularFile(mem), "no /proc/self/mem here");
    assertOneLine(refused(mem), mem, "cannot read config file", "readable YAML file");
  }
}
