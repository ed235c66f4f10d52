package dev.otelpresets.core.internal;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.config.ConfigNode;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.core.config.Suggestions;
import dev.otelpresets.core.discovery.PresetRegistry;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetConfigurationException;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.SettingSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code callbacks:} into built presets: each name or alias resolved against the classpath
 * (once, however often it is listed), its settings resolved and checked, and its {@link Preset}
 * built. Every failure is one {@link ConfigException} naming file, line and fix.
 */
public final class PresetSelection {
  private static final Logger log = LoggerFactory.getLogger(PresetSelection.class);

  /** A selected preset: its provider, resolved settings and the built preset. */
  public record Selected(PresetProvider provider, ResolvedPresetSettings settings, Preset preset) {}

  private final List<Selected> selected;
  private final boolean otelSelected;

  private PresetSelection(List<Selected> selected, boolean otelSelected) {
    this.selected = List.copyOf(selected);
    this.otelSelected = otelSelected;
  }

  /** Resolves and builds the configured presets. */
  public static PresetSelection resolve(
      OtelPresetsConfig config, PresetRegistry registry, Environment env) {
    return resolve(config, registry, env, true);
  }

  /**
   * Resolves the configured presets; with {@code build} false, stops after settings resolution
   * (for tools that show the configuration without building it).
   */
  public static PresetSelection resolve(
      OtelPresetsConfig config, PresetRegistry registry, Environment env, boolean build) {
    // sections for presets that are not on the classpath are mistakes worth reporting
    for (Map.Entry<String, ConfigNode.MapNode> s : config.presetSections().entrySet()) {
      if (registry.find(s.getKey()).isEmpty()) {
        throw unknownPreset(
            s.getKey(),
            config.presetSectionLocation(s.getKey()),
            "presets." + s.getKey(),
            registry);
      }
    }
    Map<PresetProvider, OtelPresetsConfig.Callback> chosen = new LinkedHashMap<>();
    for (OtelPresetsConfig.Callback cb : config.callbacks()) {
      PresetProvider p =
          registry
              .find(cb.name())
              .orElseThrow(() -> unknownPreset(cb.name(), cb.location(), "callbacks", registry));
      OtelPresetsConfig.Callback first = chosen.putIfAbsent(p, cb);
      if (first != null) {
        log.warn(
            "otel-presets: {}: callback '{}' selects preset '{}', already selected at {};"
                + " it is used once.",
            cb.location(),
            cb.name(),
            p.name(),
            first.location());
      }
    }
    List<Selected> out = new ArrayList<>();
    boolean otel = false;
    for (Map.Entry<PresetProvider, OtelPresetsConfig.Callback> e : chosen.entrySet()) {
      PresetProvider p = e.getKey();
      if (p.owner().equals(ExporterOwner.OTEL)) {
        otel = true;
      }
      ConfigNode.MapNode section = sectionFor(config, p);
      ResolvedPresetSettings settings = ResolvedPresetSettings.resolve(p, section, env);
      for (SettingSpec spec : p.settings()) {
        settings
            .missing(spec)
            .ifPresent(
                message -> {
                  throw new ConfigException(e.getValue().location(), "callbacks", message);
                });
      }
      Preset preset = null;
      if (build) {
        preset = build(p, settings, e.getValue());
      }
      out.add(new Selected(p, settings, preset));
    }
    return new PresetSelection(out, otel);
  }

  private static Preset build(
      PresetProvider p, ResolvedPresetSettings settings, OtelPresetsConfig.Callback cb) {
    Preset preset;
    try {
      preset = p.create(settings);
    } catch (PresetConfigurationException ex) {
      // the preset's own words about the user's settings (the SPI promises no secret in them)
      throw new ConfigException(
          cb.location(), "callbacks", "preset '" + p.name() + "' cannot start: " + ex.getMessage());
    } catch (RuntimeException ex) {
      // anything else (IllegalArgumentException from a builder included) is the preset's bug: its
      // message may hold a value, so only its type and where it was thrown are shown
      throw new ConfigException(
          cb.location(),
          "callbacks",
          "preset '"
              + p.name()
              + "' ("
              + p.getClass().getName()
              + ") failed to build: "
              + ex.getClass().getSimpleName()
              + thrownAt(ex)
              + ". This is a bug in the preset (a bad setting must be reported as a"
              + " PresetConfigurationException); remove it from callbacks to start without it.");
    }
    if (preset == null || !preset.owner().equals(p.owner())) {
      throw new ConfigException(
          cb.location(),
          "callbacks",
          "preset '"
              + p.name()
              + "' built a preset for owner '"
              + (preset == null ? null : preset.owner())
              + "' but declares owner '"
              + p.owner()
              + "'. This is a bug in the preset.");
    }
    return preset;
  }

  /** " at Class.method(File.java:12)", the frame that threw; empty when unknown. */
  private static String thrownAt(Throwable ex) {
    StackTraceElement[] trace = ex.getStackTrace();
    return trace.length == 0 ? "" : " at " + trace[0];
  }

  /** The {@code presets.<name>:} section of a preset, by its name or an alias; null when none. */
  public static ConfigNode.MapNode sectionFor(OtelPresetsConfig config, PresetProvider p) {
    ConfigNode.MapNode found = null;
    String foundKey = null;
    for (Map.Entry<String, ConfigNode.MapNode> s : config.presetSections().entrySet()) {
      String key = s.getKey();
      if (key.equalsIgnoreCase(p.name()) || p.aliases().stream().anyMatch(key::equalsIgnoreCase)) {
        if (found != null) {
          throw new ConfigException(
              config.presetSectionLocation(key),
              s.getValue().path(),
              "preset '"
                  + p.name()
                  + "' is configured twice (also at "
                  + config.presetSectionLocation(foundKey)
                  + "); keep one section.");
        }
        found = s.getValue();
        foundKey = key;
      }
    }
    return found;
  }

  private static ConfigException unknownPreset(
      String name,
      dev.otelpresets.core.config.ConfigLocation at,
      String key,
      PresetRegistry registry) {
    String suggestion = Suggestions.closest(name, registry.allNames());
    String found =
        registry.providers().isEmpty()
            ? " No presets were found at all: the class loader used for discovery sees no"
                + " META-INF/services/dev.otelpresets.spi.PresetProvider (not even the core's built-in"
                + " 'otel'); check the classpath or the class loader given to OtelPresets.builder()."
            : " Presets found on the classpath: "
                + String.join(", ", registry.describeNames())
                + ". A preset is available when its jar is on the classpath.";
    String failed =
        registry.problems().isEmpty()
            ? ""
            : " These preset jars failed to load, which may be why: "
                + String.join("; ", registry.problems())
                + ".";
    return new ConfigException(
        at,
        key,
        "unknown callback '"
            + name
            + "'."
            + (suggestion != null ? " Did you mean '" + suggestion + "'?" : "")
            + found
            + failed);
  }

  /** The selected presets, in callback order, {@code otel} included. */
  public List<Selected> selected() {
    return selected;
  }

  /** Whether the {@code otel} callback (standard OTEL_* exporters) is selected. */
  public boolean otelSelected() {
    return otelSelected;
  }
}
