package dev.otelpresets.core.discovery;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.PresetProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The presets found on the classpath through {@link ServiceLoader}. One broken jar (a provider
 * class that is missing, fails to construct, or is malformed) is reported in {@link #problems()},
 * naming the jar (or directory) whose {@code META-INF/services} file lists it, and does not stop
 * the others from loading. Two providers claiming one name or alias is an error
 * naming both classes.
 */
public final class PresetRegistry {
  private static final Logger log = LoggerFactory.getLogger(PresetRegistry.class);

  private final Map<String, PresetProvider> byName; // names and aliases, lower case
  private final List<PresetProvider> providers;
  private final List<String> problems;

  private PresetRegistry(
      Map<String, PresetProvider> byName, List<PresetProvider> providers, List<String> problems) {
    this.byName = byName;
    this.providers = providers;
    this.problems = problems;
  }

  /** Loads every provider visible to {@code classLoader}. */
  public static PresetRegistry load(ClassLoader classLoader) {
    Objects.requireNonNull(classLoader, "classLoader");
    List<PresetProvider> found = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> listedIn = servicesFiles(classLoader);
    Iterator<ServiceLoader.Provider<PresetProvider>> it =
        ServiceLoader.load(PresetProvider.class, classLoader).stream().iterator();
    while (true) {
      ServiceLoader.Provider<PresetProvider> p;
      try {
        if (!it.hasNext()) {
          break;
        }
        p = it.next();
      } catch (ServiceConfigurationError e) {
        Throwable cause = e.getCause();
        String message = String.valueOf(e.getMessage());
        problems.add(
            "a preset provider could not be loaded: "
                + message
                + (cause == null ? "" : " (" + cause + ")")
                + whereListed(listedIn, name -> message.contains(name)));
        continue;
      }
      try {
        found.add(validate(p.get()));
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        problems.add(
            "preset provider "
                + p.type().getName()
                + " failed to load: "
                + cause.getClass().getName()
                + ": "
                + cause.getMessage()
                + whereListed(listedIn, name -> name.equals(p.type().getName())));
      }
    }
    return of(found, problems);
  }

  /**
   * Each provider class name listed in a {@code META-INF/services} file {@code classLoader} sees,
   * with where those files are (a jar's path, or a directory): a provider that fails to load is
   * reported with the jar that lists it, so the user knows which file to remove or fix.
   */
  private static Map<String, List<String>> servicesFiles(ClassLoader classLoader) {
    Map<String, List<String>> listedIn = new LinkedHashMap<>();
    try {
      for (URL url :
          Collections.list(
              classLoader.getResources("META-INF/services/" + PresetProvider.class.getName()))) {
        String where = location(url);
        try (InputStream in = url.openStream()) {
          String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          for (String line : text.split("\\R")) {
            int hash = line.indexOf('#');
            String name = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (!name.isEmpty()) {
              listedIn.computeIfAbsent(name, n -> new ArrayList<>()).add(where);
            }
          }
        } catch (IOException e) {
          // the ServiceLoader reports an unreadable file itself
        }
      }
    } catch (IOException e) {
      // as above: where a provider is listed only adds to a problem the ServiceLoader reports
    }
    return listedIn;
  }

  /** {@code jar:file:/p/x.jar!/META-INF/...} as {@code /p/x.jar}; a directory's file as the
   * directory. */
  private static String location(URL url) {
    String s = url.toString();
    String suffix = "META-INF/services/" + PresetProvider.class.getName();
    if (s.startsWith("jar:") && s.contains("!/")) {
      s = s.substring(4, s.indexOf("!/"));
    } else if (s.endsWith(suffix)) {
      s = s.substring(0, s.length() - suffix.length());
    }
    try {
      return Path.of(URI.create(s)).toString();
    } catch (RuntimeException e) {
      return s; // not a file: URL (a nested jar, a custom loader): shown as it is
    }
  }

  /** {@code " (listed in /p/x.jar)"} for the provider names {@code matches} picks, or empty. */
  private static String whereListed(
      Map<String, List<String>> listedIn, java.util.function.Predicate<String> matches) {
    Set<String> where = new LinkedHashSet<>();
    listedIn.forEach(
        (name, places) -> {
          if (matches.test(name)) {
            where.addAll(places);
          }
        });
    return where.isEmpty() ? "" : " (listed in " + String.join(", ", where) + ")";
  }

  /** A registry of the given providers (tests, embedding). */
  public static PresetRegistry of(List<PresetProvider> providers) {
    return of(new ArrayList<>(providers), new ArrayList<>());
  }

  /**
   * This registry plus {@code more} (presets a host contributes in code, e.g. through a Guice
   * {@code Multibinder<PresetProvider>}), checked like discovered ones: an invalid provider or a
   * name or owner claimed twice is an error naming both classes.
   */
  public PresetRegistry plus(java.util.Collection<? extends PresetProvider> more) {
    Objects.requireNonNull(more, "more");
    if (more.isEmpty()) {
      return this;
    }
    List<PresetProvider> all = new ArrayList<>(providers);
    for (PresetProvider p : more) {
      try {
        all.add(validate(Objects.requireNonNull(p, "provider")));
      } catch (RuntimeException e) {
        throw new PresetDiscoveryException(
            "preset provider "
                + p.getClass().getName()
                + " contributed by the host is invalid: "
                + e.getMessage());
      }
    }
    return of(all, new ArrayList<>(problems), false);
  }

  private static PresetRegistry of(List<PresetProvider> found, List<String> problems) {
    return of(found, problems, true);
  }

  private static PresetRegistry of(
      List<PresetProvider> found, List<String> problems, boolean logProblems) {
    Map<String, PresetProvider> byName = new LinkedHashMap<>();
    Map<ExporterOwner, PresetProvider> byOwner = new LinkedHashMap<>();
    for (PresetProvider p : found) {
      List<String> names = new ArrayList<>();
      names.add(p.name().toLowerCase(Locale.ROOT));
      p.aliases().forEach(a -> names.add(a.toLowerCase(Locale.ROOT)));
      for (String n : names) {
        PresetProvider other = byName.putIfAbsent(n, p);
        if (other != null && other != p) {
          throw new PresetDiscoveryException(
              "two preset providers claim the name '"
                  + n
                  + "': "
                  + other.getClass().getName()
                  + " and "
                  + p.getClass().getName()
                  + ". Remove one of the jars from the classpath.");
        }
      }
      PresetProvider sameOwner = byOwner.putIfAbsent(p.owner(), p);
      if (sameOwner != null) {
        throw new PresetDiscoveryException(
            "two preset providers claim the exporter owner '"
                + p.owner()
                + "': "
                + sameOwner.getClass().getName()
                + " and "
                + p.getClass().getName()
                + ". Each preset needs its own owner id.");
      }
    }
    for (String problem : logProblems ? problems : List.<String>of()) {
      log.warn("otel-presets: {}", problem);
    }
    List<PresetProvider> sorted = new ArrayList<>(found);
    sorted.sort((a, b) -> a.name().compareTo(b.name()));
    return new PresetRegistry(
        Collections.unmodifiableMap(byName),
        Collections.unmodifiableList(sorted),
        Collections.unmodifiableList(problems));
  }

  private static PresetProvider validate(PresetProvider p) {
    String name = p.name();
    if (name == null || !name.matches("[a-z][a-z0-9_.-]*")) {
      throw new IllegalStateException(
          "invalid preset name '" + name + "': use lower case letters, digits, '_', '-' or '.'");
    }
    if (p.owner() == null) {
      throw new IllegalStateException("preset '" + name + "' has no exporter owner");
    }
    Objects.requireNonNull(p.aliases(), "aliases");
    Objects.requireNonNull(p.settings(), "settings");
    return p;
  }

  /** Every provider, sorted by name. */
  public List<PresetProvider> providers() {
    return providers;
  }

  /** Providers that failed to load, one line each. */
  public List<String> problems() {
    return problems;
  }

  /** The provider with this name or alias (case-insensitive). */
  public Optional<PresetProvider> find(String nameOrAlias) {
    return Optional.ofNullable(byName.get(nameOrAlias.toLowerCase(Locale.ROOT)));
  }

  /** Every selectable name, "name (aliases: a, b)", for messages. */
  public List<String> describeNames() {
    List<String> out = new ArrayList<>();
    for (PresetProvider p : providers) {
      out.add(
          p.aliases().isEmpty()
              ? p.name()
              : p.name() + " (alias " + String.join(", ", sortedAliases(p)) + ")");
    }
    return out;
  }

  private static List<String> sortedAliases(PresetProvider p) {
    List<String> a = new ArrayList<>(p.aliases());
    Collections.sort(a);
    return a;
  }

  /** Every name and alias, for "did you mean". */
  public List<String> allNames() {
    return new ArrayList<>(byName.keySet());
  }
}
