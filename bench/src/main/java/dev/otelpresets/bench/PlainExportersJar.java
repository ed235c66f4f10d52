package dev.otelpresets.bench;

import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Writes the one-class jar that turns an unchanged {@code serve} into the load test's bare-SDK
 * floor: {@link PlainOtlpExporters} and its {@code META-INF/services} entry, nothing else (the SDK
 * classes come from {@code otel-presets.jar}, so both scenarios run the same SDK build).
 */
final class PlainExportersJar {
  private PlainExportersJar() {}

  /** Writes the jar to {@code target} and returns it. */
  static Path write(Path target) {
    String resource = PlainOtlpExporters.class.getName().replace('.', '/') + ".class";
    try (InputStream clazz =
            PlainOtlpExporters.class.getClassLoader().getResourceAsStream(resource);
        OutputStream file = Files.newOutputStream(target);
        JarOutputStream jar = new JarOutputStream(file)) {
      if (clazz == null) {
        throw new IllegalStateException(resource + " is not on the class path");
      }
      jar.putNextEntry(new JarEntry(resource));
      clazz.transferTo(jar);
      jar.closeEntry();
      jar.putNextEntry(
          new JarEntry("META-INF/services/" + AutoConfigurationCustomizerProvider.class.getName()));
      jar.write((PlainOtlpExporters.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  /** The {@code Main-Class} of an executable jar. */
  static String mainClass(Path executableJar) {
    try (JarFile jar = new JarFile(executableJar.toFile())) {
      String main =
          jar.getManifest() == null
              ? null
              : jar.getManifest().getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
      if (main == null) {
        throw new IllegalStateException(executableJar + " names no Main-Class in its manifest");
      }
      return main;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
