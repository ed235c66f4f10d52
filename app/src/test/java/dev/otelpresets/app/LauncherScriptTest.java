package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script {@code otel-presets} at the repository root, run by bash with a fake java (a
 * script echoing its arguments) and, where it would build, a fake {@code mvnw}: which java it runs
 * and when it rebuilds the jar.
 */
class LauncherScriptTest {
  private static final Path SCRIPT = Path.of("..", "otel-presets").toAbsolutePath().normalize();
  private static final Path ROOT_POM = Path.of("..", "pom.xml").toAbsolutePath().normalize();

  @TempDir Path dir;

  private Path bash;
  private Path tools; // PATH for the script: the commands it uses, and no java

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void tools() throws Exception {
    assumeTrue(File.separatorChar == '/', "a POSIX shell script");
    Optional<Path> found = onPath("bash");
    assumeTrue(found.isPresent(), "bash on PATH");
    bash = found.get();
    assertTrue(Files.isRegularFile(SCRIPT), SCRIPT + " (tests run from app/)");
    tools = Files.createDirectories(dir.resolve("tools"));
    for (String tool : List.of("dirname", "readlink", "find", "sed", "rm")) {
      Path target = onPath(tool).orElseThrow(() -> new AssertionError(tool + " not on PATH"));
      Files.createSymbolicLink(tools.resolve(tool), target);
    }
  }

  @Test
  void javaHomeIsUsedWithoutJavaOnPath() throws Exception {
    Path javaHome = fakeJava(dir.resolve("jdk"), "jdk-java");
    Run r = run(SCRIPT, Map.of("JAVA_HOME", javaHome.toString(), "OTEL_PRESETS_SKIP_BUILD", "1"));
    assertEquals(0, r.exit(), r.err());
    Path jar = SCRIPT.getParent().resolve(JAR);
    assertEquals("jdk-java -jar " + jar + " --version", r.out().strip(), r.err());
  }

  @Test
  void javaHomeWinsOverJavaOnPathAndPathServesWithoutIt() throws Exception {
    Path javaHome = fakeJava(dir.resolve("jdk"), "jdk-java");
    Path other = fakeJava(dir.resolve("other"), "path-java");
    String path = tools + File.pathSeparator + other.resolve("bin");
    Run both =
        run(
            SCRIPT,
            Map.of("JAVA_HOME", javaHome.toString(), "PATH", path, "OTEL_PRESETS_SKIP_BUILD", "1"));
    assertTrue(both.out().startsWith("jdk-java -jar "), both.out() + both.err());
    Run pathOnly = run(SCRIPT, Map.of("PATH", path, "OTEL_PRESETS_SKIP_BUILD", "1"));
    assertTrue(pathOnly.out().startsWith("path-java -jar "), pathOnly.out() + pathOnly.err());
  }

  @Test
  void noJavaAnywhereSaysSo() throws Exception {
    Run r = run(SCRIPT, Map.of("OTEL_PRESETS_SKIP_BUILD", "1"));
    assertEquals(2, r.exit(), r.out());
    assertTrue(r.err().contains("JAVA_HOME is not set and there is no java on PATH"), r.err());
    Run badHome =
        run(
            SCRIPT,
            Map.of("JAVA_HOME", dir.resolve("nothing").toString(), "OTEL_PRESETS_SKIP_BUILD", "1"));
    assertEquals(2, badHome.exit(), badHome.out());
    assertTrue(badHome.err().contains("but it has no bin/java"), badHome.err());
  }

  /**
   * In a copy of the launcher next to the real root pom, with a fake mvnw: a newer file under
   * examples, or under a module the app jar is not built from, does not rebuild; a newer file
   * under src/main of one it is built from (testkit too: demo runs its receiver) does.
   */
  @Test
  void rebuildsOnlyForModulesTheJarIsBuiltFrom() throws Exception {
    Path root = dir.resolve("repo");
    Path log = root.resolve("mvnw.log");
    Path script = repoWithJar(root, "echo \"$*\" >> '" + log + "'\n", "jar");
    Map<String, String> env = Map.of("JAVA_HOME", fakeJava(dir.resolve("jdk"), "java").toString());

    for (String unrelated :
        List.of(
            "examples/langchain4j-app/src/main/java/A.java",
            "examples/langchain4j-app/pom.xml",
            "examples-it/src/main/java/A.java",
            "bench/src/main/java/A.java",
            "agent-extension/src/main/java/A.java",
            "integrations/spring-boot/src/main/java/A.java",
            "app/src/test/java/A.java")) {
      write(root.resolve(unrelated));
      Run r = run(script, env);
      assertEquals(0, r.exit(), unrelated + ": " + r.err());
      assertFalse(Files.exists(log), unrelated + " rebuilt the jar: " + r.err());
    }
    for (String source :
        List.of("testkit/src/main/java/A.java", "app/src/main/resources/a.txt", "core/pom.xml")) {
      write(root.resolve(source));
      Run r = run(script, env);
      assertEquals(0, r.exit(), source + ": " + r.err());
      assertTrue(
          Files.exists(log) && Files.readString(log).contains("-pl app -am package"),
          source + " did not rebuild the jar: " + r.err());
      Files.delete(log);
      Files.delete(root.resolve(source));
    }
  }

  /**
   * The build rewrites the jar in place, as the shade plugin does (the same inode): a JVM still
   * running from the old jar (a serve in another terminal) must keep reading the old bytes, so the
   * launcher unlinks the jar before it builds.
   */
  @Test
  void aRebuildLeavesTheJarARunningJvmHoldsIntact() throws Exception {
    Path root = dir.resolve("repo");
    Path jar = root.resolve(JAR);
    // like the shade plugin: the jar's file truncated and written again
    Path script = repoWithJar(root, "printf 'new jar' > '" + jar + "'\n", "old jar");
    write(root.resolve("core/src/main/java/A.java")); // newer than the jar: a rebuild
    Map<String, String> env = Map.of("JAVA_HOME", fakeJava(dir.resolve("jdk"), "java").toString());
    try (java.nio.channels.FileChannel running =
        java.nio.channels.FileChannel.open(jar, java.nio.file.StandardOpenOption.READ)) {
      Run r = run(script, env);
      assertEquals(0, r.exit(), r.err());
      assertEquals("new jar", Files.readString(jar), "the rebuilt jar is in place");
      java.nio.ByteBuffer held = java.nio.ByteBuffer.allocate(64);
      running.read(held, 0);
      assertEquals(
          "old jar",
          new String(held.array(), 0, held.position(), StandardCharsets.UTF_8),
          "the running JVM's open jar was rewritten under it");
    }
  }

  private static final String JAR = "app/target/otel-presets.jar";

  /**
   * In {@code root}: a copy of the launcher, the real root pom (2 h old), a fake {@code mvnw}
   * running {@code mvnwBody}, and a jar holding {@code jarText} (1 h old, so newer than the pom).
   * Returns the launcher's copy.
   */
  private Path repoWithJar(Path root, String mvnwBody, String jarText) throws Exception {
    Files.createDirectories(root);
    Path script = Files.copy(SCRIPT, root.resolve("otel-presets"));
    Files.copy(ROOT_POM, root.resolve("pom.xml"));
    executable(root.resolve("mvnw"), mvnwBody);
    Path jar = root.resolve(JAR);
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, jarText);
    Instant now = Instant.now();
    setTime(root.resolve("pom.xml"), now.minusSeconds(7200));
    setTime(jar, now.minusSeconds(3600));
    return script;
  }

  private Run run(Path script, Map<String, String> env) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(bash.toString(), script.toString(), "--version"));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> e = pb.environment();
    e.clear();
    Map<String, String> all = new HashMap<>(Map.of("PATH", tools.toString()));
    all.putAll(env);
    e.putAll(all);
    pb.redirectOutput(dir.resolve("out.txt").toFile());
    pb.redirectError(dir.resolve("err.txt").toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher did not finish");
    return new Run(
        p.exitValue(),
        Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  /** {@code home}/bin/java printing {@code name} and its arguments; returns {@code home}. */
  private Path fakeJava(Path home, String name) throws Exception {
    executable(home.resolve("bin/java"), "echo " + name + " \"$@\"\n");
    return home;
  }

  private void executable(Path file, String body) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!" + bash + "\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static void write(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "changed");
  }

  private static void setTime(Path file, Instant time) throws Exception {
    Files.setLastModifiedTime(file, FileTime.from(time));
  }

  private static Optional<Path> onPath(String command) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d, command);
      if (!d.isEmpty() && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
