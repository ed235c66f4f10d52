package dev.otelpresets.core.discovery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.otel.OtelPresetProvider;
import dev.otelpresets.core.testpresets.AlphaPreset;
import dev.otelpresets.core.testpresets.BetaPreset;
import dev.otelpresets.core.testpresets.DuplicateNameA;
import dev.otelpresets.core.testpresets.DuplicateNameB;
import dev.otelpresets.core.testpresets.SameOwnerAsAlpha;
import dev.otelpresets.core.testpresets.ThrowingConstructorProvider;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetRegistryTest {
  private static final String SERVICES = "META-INF/services/dev.otelpresets.spi.PresetProvider";

  private static ClassLoader testLoader() {
    return PresetRegistryTest.class.getClassLoader();
  }

  /** A loader that sees the test classpath plus a services file listing {@code classes}. */
  private static URLClassLoader withServices(Path dir, Class<?>... classes) throws Exception {
    Path services = dir.resolve(SERVICES);
    Files.createDirectories(services.getParent());
    StringBuilder sb = new StringBuilder();
    for (Class<?> c : classes) {
      sb.append(c.getName()).append('\n');
    }
    Files.writeString(services, sb.toString());
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, testLoader());
  }

  @Test
  void realServiceLoaderFindsTheBuiltInAndTheTestPresets() {
    PresetRegistry r = PresetRegistry.load(testLoader());
    List<String> names = r.providers().stream().map(PresetProvider::name).toList();
    assertEquals(
        List.of(
            "mem-alpha",
            "mem-beta",
            "mem-broken-mapper",
            "mem-failing-create",
            "mem-required",
            "mem-self-hosted",
            "otel"),
        names,
        "sorted by name");
    assertInstanceOf(OtelPresetProvider.class, r.find("otel").orElseThrow());
    assertInstanceOf(AlphaPreset.class, r.find("mem-alpha").orElseThrow());
    assertTrue(r.problems().isEmpty(), r.problems().toString());
  }

  @Test
  void findsByAliasAndIgnoresCase() {
    PresetRegistry r = PresetRegistry.load(testLoader());
    assertSame(r.find("mem-alpha").orElseThrow(), r.find("mem_alpha_legacy").orElseThrow());
    assertSame(r.find("mem-alpha").orElseThrow(), r.find("MEM-Alpha").orElseThrow());
    assertTrue(r.find("mem-gamma").isEmpty());
    assertTrue(
        r.describeNames().contains("mem-alpha (alias mem_alpha_legacy)"),
        r.describeNames().toString());
    assertTrue(r.allNames().containsAll(List.of("otel", "mem-alpha", "mem_alpha_legacy")));
  }

  @Test
  void emptyClassLoaderFindsNothing() throws Exception {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      PresetRegistry r = PresetRegistry.load(empty);
      assertTrue(r.providers().isEmpty(), r.providers().toString());
      assertTrue(r.find("otel").isEmpty());
      assertTrue(r.problems().isEmpty());
    }
  }

  @Test
  void selectingOtelWithAnEmptyClassLoaderFailsWithUnknownCallback() throws Exception {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () ->
                  OtelPresets.builder()
                      .classLoader(empty)
                      .configYaml("callbacks: [otel]\nsettings: {shutdown_hook: false}\n")
                      .environment(Map.of())
                      .publishGlobal(false)
                      .build()
                      .close());
      assertTrue(
          e.getMessage()
              .startsWith("<inline config>:1:13: callbacks: unknown callback" + " 'otel'."),
          e.getMessage());
      assertTrue(e.getMessage().contains("No presets were found at all"), e.getMessage());
    }
  }

  @Test
  void twoProvidersClaimingOneNameNameBothClasses(@TempDir Path dir) throws Exception {
    try (URLClassLoader cl = withServices(dir, DuplicateNameA.class, DuplicateNameB.class)) {
      PresetDiscoveryException e =
          assertThrows(PresetDiscoveryException.class, () -> PresetRegistry.load(cl));
      assertEquals(
          "two preset providers claim the name 'mem-dup': "
              + DuplicateNameA.class.getName()
              + " and "
              + DuplicateNameB.class.getName()
              + ". Remove one of the jars from the classpath.",
          e.getMessage());
    }
  }

  @Test
  void aliasClashingWithAnotherNameIsAConflict() {
    PresetProvider aliasThief =
        new PresetProvider() {
          @Override
          public String name() {
            return "thief";
          }

          @Override
          public java.util.Set<String> aliases() {
            return java.util.Set.of("MEM-BETA");
          }

          @Override
          public ExporterOwner owner() {
            return ExporterOwner.of("thief");
          }

          @Override
          public Preset create(PresetSettings settings) {
            return Preset.builder(owner()).build();
          }
        };
    PresetDiscoveryException e =
        assertThrows(
            PresetDiscoveryException.class,
            () -> PresetRegistry.of(List.of(new BetaPreset(), aliasThief)));
    assertTrue(
        e.getMessage()
            .startsWith(
                "two preset providers claim the name 'mem-beta': "
                    + BetaPreset.class.getName()
                    + " and "),
        e.getMessage());
  }

  @Test
  void twoProvidersClaimingOneOwnerNameBothClasses(@TempDir Path dir) throws Exception {
    try (URLClassLoader cl = withServices(dir, SameOwnerAsAlpha.class)) {
      PresetDiscoveryException e =
          assertThrows(PresetDiscoveryException.class, () -> PresetRegistry.load(cl));
      assertTrue(e.getMessage().contains("claim the exporter owner 'mem-alpha'"), e.getMessage());
      assertTrue(e.getMessage().contains(AlphaPreset.class.getName()), e.getMessage());
      assertTrue(e.getMessage().contains(SameOwnerAsAlpha.class.getName()), e.getMessage());
    }
  }

  @Test
  void constructorThatThrowsIsAProblemAndTheOthersStillLoad(@TempDir Path dir) throws Exception {
    try (URLClassLoader cl = withServices(dir, ThrowingConstructorProvider.class)) {
      PresetRegistry r = PresetRegistry.load(cl);
      assertEquals(1, r.problems().size(), r.problems().toString());
      String problem = r.problems().get(0);
      assertTrue(problem.contains(ThrowingConstructorProvider.class.getName()), problem);
      assertTrue(
          problem.startsWith(
              "preset provider "
                  + ThrowingConstructorProvider.class.getName()
                  + " failed to load: "),
          problem);
      assertTrue(r.find("mem-throwing-ctor").isEmpty());
      assertTrue(r.find("otel").isPresent());
      assertTrue(r.find("mem-alpha").isPresent());
      assertEquals(7, r.providers().size()); // the test presets and otel
    }
  }

  @Test
  void missingProviderClassIsAProblemAndTheOthersStillLoad(@TempDir Path dir) throws Exception {
    Path services = dir.resolve(SERVICES);
    Files.createDirectories(services.getParent());
    Files.writeString(services, "com.example.DoesNotExist\n");
    try (URLClassLoader cl = new URLClassLoader(new URL[] {dir.toUri().toURL()}, testLoader())) {
      PresetRegistry r = PresetRegistry.load(cl);
      assertEquals(1, r.problems().size(), r.problems().toString());
      assertTrue(r.problems().get(0).contains("com.example.DoesNotExist"), r.problems().get(0));
      assertTrue(r.find("otel").isPresent());
      assertTrue(r.find("mem-beta").isPresent());
    }
  }

  @Test
  void aBrokenProviderIsReportedWithTheJarThatListsIt(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("broken-preset.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(SERVICES));
      out.write("# a comment\ncom.example.MissingPreset  # trailing comment\n".getBytes(UTF_8));
      out.closeEntry();
    }
    Path dirWithThrowing = Files.createDirectories(dir.resolve("classes"));
    try (URLClassLoader missing =
            new URLClassLoader(new URL[] {jar.toUri().toURL()}, testLoader());
        URLClassLoader throwing =
            withServices(dirWithThrowing, ThrowingConstructorProvider.class)) {
      List<String> problems = PresetRegistry.load(missing).problems();
      assertEquals(1, problems.size(), problems.toString());
      assertTrue(problems.get(0).contains("com.example.MissingPreset"), problems.get(0));
      assertTrue(problems.get(0).endsWith(" (listed in " + jar + ")"), problems.get(0));

      String ctor = PresetRegistry.load(throwing).problems().get(0);
      assertTrue(ctor.endsWith(" (listed in " + dirWithThrowing + ")"), ctor);
    }
  }

  @Test
  void constructorProblemSaysWhyItFailed(@TempDir Path dir) throws Exception {
    try (URLClassLoader cl = withServices(dir, ThrowingConstructorProvider.class)) {
      String problem = PresetRegistry.load(cl).problems().get(0);
      assertTrue(problem.contains("broken preset jar: constructor failed"), problem);
    }
  }

  @Test
  void listingABrokenPresetFailsStartupWithItsLoadProblem(@TempDir Path dir) throws Exception {
    try (URLClassLoader cl = withServices(dir, ThrowingConstructorProvider.class)) {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () ->
                  OtelPresets.builder()
                      .classLoader(cl)
                      .configYaml(
                          "callbacks: [mem-throwing-ctor]\nsettings: {shutdown_hook: false}\n")
                      .environment(Map.of())
                      .publishGlobal(false)
                      .build()
                      .close());
      assertTrue(e.getMessage().contains("unknown callback 'mem-throwing-ctor'"), e.getMessage());
      assertTrue(
          e.getMessage()
              .contains(
                  "These preset jars failed to load, which may be why: "
                      + "preset provider "
                      + ThrowingConstructorProvider.class.getName()),
          e.getMessage());
      assertTrue(e.getMessage().contains("broken preset jar: constructor failed"), e.getMessage());
    }
  }

  @Test
  void unknownCallbackWithNothingFoundSaysNone() throws Exception {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () ->
                  OtelPresets.builder()
                      .classLoader(empty)
                      .configYaml("callbacks: [otel]\nsettings: {shutdown_hook: false}\n")
                      .environment(Map.of())
                      .publishGlobal(false)
                      .build()
                      .close());
      assertFalse(e.getMessage().contains("classpath: ."), e.getMessage());
      assertTrue(e.getMessage().contains("No presets were found at all"), e.getMessage());
    }
  }
}
