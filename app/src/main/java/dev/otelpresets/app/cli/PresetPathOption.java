package dev.otelpresets.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --preset-path DIR}: third-party preset jars to load besides the built-in presets. Also
 * read from {@code OTEL_PRESETS_PRESET_PATH} (a path-separator list) and from a {@code plugins}
 * folder next to {@code otel-presets.jar} when it exists. Jars are loaded in name order so
 * discovery is stable.
 */
public final class PresetPathOption {
  /** The environment variable naming preset folders. */
  public static final String ENV = "OTEL_PRESETS_PRESET_PATH";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--preset-path",
      paramLabel = "DIR",
      description = {
        "A folder of third-party preset jars to load (repeatable; also "
            + ENV
            + " and a 'plugins' folder next to otel-presets.jar)."
      })
  List<Path> dirs = new ArrayList<>();

  /** {@code cli} with the preset folders' jars added to its class loader. */
  Cli apply(Cli cli) {
    List<Path> folders = new ArrayList<>(dirs);
    // "otel-presets --preset-path DIR presets": the option given before the subcommand
    if (spec != null && spec.parent() != null) {
      spec.parent()
          .mixins()
          .values()
          .forEach(
              m -> {
                if (m.userObject() instanceof PresetPathOption parent && parent != this) {
                  folders.addAll(parent.dirs);
                }
              });
    }
    cli.environment()
        .get(ENV)
        .ifPresent(
            v -> {
              for (String part : v.split(java.io.File.pathSeparator)) {
                if (!part.isBlank()) {
                  folders.add(Path.of(part.trim()));
                }
              }
            });
    Path plugins = pluginsNextToJar();
    if (plugins != null && Files.isDirectory(plugins)) {
      folders.add(plugins);
    }
    if (folders.isEmpty()) {
      return cli;
    }
    List<URL> jars = new ArrayList<>();
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) {
        throw new ParameterException(
            spec.commandLine(),
            "--preset-path "
                + folder
                + ": not a folder. Give a folder that holds preset jars (*.jar).");
      }
      try (Stream<Path> files = Files.list(folder)) {
        for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
          jars.add(jar.toUri().toURL());
        }
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read preset folder " + folder, e);
      }
    }
    return cli.withClassLoader(new URLClassLoader(jars.toArray(URL[]::new), cli.classLoader()));
  }

  private static Path pluginsNextToJar() {
    try {
      Path self =
          Path.of(
              PresetPathOption.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(self) ? self.resolveSibling("plugins") : null;
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }
}
