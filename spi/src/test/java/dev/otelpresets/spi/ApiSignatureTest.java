package dev.otelpresets.spi;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SPI's compatibility promise, enforced: the public API of {@code dev.otelpresets.spi} (every
 * public or protected type, constructor, method and field, outside {@code *.internal}) is written
 * in a stable, sorted text form and compared with the committed {@code spi/api/otel-presets-spi.api}.
 *
 * <p>Any difference fails. A removed or changed line breaks preset jars built against the recorded
 * API and is allowed only in a new major version; an added line (a new {@code default} method, a
 * new type) is compatible but still has to be recorded deliberately:
 * {@code mvn -pl spi test -Dotelpresets.updateApi=true}, then review and commit the file.
 */
class ApiSignatureTest {
  static final Path API_FILE = Path.of("api", "otel-presets-spi.api");

  @Test
  void publicApiMatchesTheRecordedSignature() throws IOException, URISyntaxException {
    String actual = render(publicTypes());
    if (Boolean.getBoolean("otelpresets.updateApi")) {
      Files.createDirectories(API_FILE.getParent());
      Files.writeString(API_FILE, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(API_FILE)) {
      fail(
          "no recorded SPI signature at spi/"
              + API_FILE
              + "; record it with"
              + " mvn -pl spi test -Dotelpresets.updateApi=true and commit it");
    }
    String recorded = Files.readString(API_FILE, StandardCharsets.UTF_8);
    if (recorded.equals(actual)) {
      return;
    }
    TreeSet<String> was = new TreeSet<>(recorded.lines().toList());
    TreeSet<String> now = new TreeSet<>(actual.lines().toList());
    List<String> removed = new ArrayList<>(was);
    removed.removeAll(now);
    List<String> added = new ArrayList<>(now);
    added.removeAll(was);
    // a new abstract method breaks every existing implementation: as bad as a removal
    for (String line : List.copyOf(added)) {
      String member = line.substring(line.indexOf(" : ") + 3);
      if (member.contains("abstract ")
          && !member.contains("abstract interface ")
          && !member.contains("abstract class ")) {
        added.remove(line);
        removed.add(line + "   <- new abstract method: make it a default method");
      }
    }
    StringBuilder msg =
        new StringBuilder("the SPI's public API differs from spi/" + API_FILE + ".\n");
    if (!removed.isEmpty()) {
      msg.append(
              "INCOMPATIBLE: removed or changed (breaks presets built against the recorded"
                  + " SPI; only allowed in a new major version):\n  ")
          .append(String.join("\n  ", removed))
          .append('\n');
    }
    if (!added.isEmpty()) {
      msg.append(
              "added (compatible only if interfaces gained default methods, not abstract"
                  + " ones):\n  ")
          .append(String.join("\n  ", added))
          .append('\n');
    }
    msg.append(
        "If the change is deliberate, record it: mvn -pl spi test"
            + " -Dotelpresets.updateApi=true, then review and commit the file.");
    fail(msg.toString());
  }

  /** Every public type compiled from the spi module, found in its class output directory. */
  private static List<Class<?>> publicTypes() throws IOException, URISyntaxException {
    Path root =
        Path.of(PresetProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = root.relativize(f).toString().replace('\\', '/').replace('/', '.');
        name = name.substring(0, name.length() - ".class".length());
        if (name.endsWith("package-info") || name.contains(".internal.")) {
          continue;
        }
        Class<?> c;
        try {
          c = Class.forName(name, false, ApiSignatureTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(e);
        }
        if (isExported(c)) {
          out.add(c);
        }
      }
    }
    return out;
  }

  private static boolean isExported(Class<?> c) {
    for (Class<?> t = c; t != null; t = t.getDeclaringClass()) {
      if (t.isAnonymousClass() || t.isSynthetic() || !Modifier.isPublic(t.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  static String render(List<Class<?>> types) {
    TreeSet<String> lines = new TreeSet<>();
    for (Class<?> c : types) {
      String type = c.getName();
      lines.add(type + " : " + describeType(c));
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (visible(k.getModifiers()) && !k.isSynthetic()) {
          lines.add(type + " : " + k.toGenericString());
        }
      }
      for (Method m : c.getDeclaredMethods()) {
        if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
          lines.add(type + " : " + m.toGenericString());
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (visible(f.getModifiers()) && !f.isSynthetic()) {
          lines.add(type + " : " + f.toGenericString());
        }
      }
    }
    return String.join("\n", lines) + "\n";
  }

  private static String describeType(Class<?> c) {
    StringBuilder sb = new StringBuilder(c.toGenericString());
    if (c.getGenericSuperclass() != null
        && c.getSuperclass() != Object.class
        && !c.isEnum()
        && !c.isRecord()) {
      sb.append(" extends ").append(c.getGenericSuperclass().getTypeName());
    }
    TreeSet<String> interfaces = new TreeSet<>();
    for (var i : c.getGenericInterfaces()) {
      interfaces.add(i.getTypeName());
    }
    if (!interfaces.isEmpty()) {
      sb.append(" implements ").append(String.join(", ", interfaces));
    }
    if (c.isSealed()) {
      TreeSet<String> permitted = new TreeSet<>();
      for (Class<?> p : c.getPermittedSubclasses()) {
        permitted.add(p.getName());
      }
      sb.append(" permits ").append(String.join(", ", permitted));
    }
    return sb.toString();
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }
}
