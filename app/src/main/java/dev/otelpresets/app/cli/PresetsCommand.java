package dev.otelpresets.app.cli;

import dev.otelpresets.app.Main;
import dev.otelpresets.core.config.ConfigLoader;
import dev.otelpresets.core.config.ConfigNode;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.core.discovery.PresetRegistry;
import dev.otelpresets.core.internal.ResolvedPresetSettings;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.SettingSpec;
import dev.otelpresets.support.internal.UnsetSettingNotes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code otel-presets presets}: the presets found on the classpath and their settings. */
@Command(
    name = "presets",
    header = "List the presets on the classpath and their settings.",
    mixinStandardHelpOptions = true,
    description = {
      "List every preset found on the classpath: name, aliases, owner, what it is, and each",
      "setting with its YAML key (presets.<name>.<key>), environment variable(s), whether it is",
      "required (always, or unless another setting is set: a key only the hosted backend needs)",
      "or secret, and its state now: set (in the config file or which variable, with",
      "the value), its default when nothing sets it (for an endpoint: where spans go; Arize's",
      "depends on which of its two endpoints is set, and says so), or not set. Secret values are",
      "never shown. otel's settings are read by the OpenTelemetry SDK: where they show \"not",
      "set\", the SDK's own default applies (doctor shows it).",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  otel-presets presets",
      "  otel-presets presets --config gateway.yaml     # also read presets.<name>.* from a file",
      "  LANGFUSE_HOST=http://localhost:3000 otel-presets presets"
    })
public final class PresetsCommand implements Callable<Integer> {
  private final Cli cli;

  @picocli.CommandLine.Mixin PresetPathOption presetPath = new PresetPathOption();

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A configuration file whose presets.<name>.* values count as set.")
  Path config;

  public PresetsCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Cli cli = presetPath.apply(this.cli);
    PrintWriter out = spec.commandLine().getOut();
    OtelPresetsConfig cfg =
        config == null ? OtelPresetsConfig.empty() : ConfigFiles.load(cli.environment(), config);
    PresetRegistry registry = PresetRegistry.load(cli.classLoader());
    Set<String> selected = new LinkedHashSet<>();
    for (OtelPresetsConfig.Callback cb : cfg.callbacks()) {
      registry.find(cb.name()).ifPresent(p -> selected.add(p.name()));
    }
    out.println(
        registry.providers().size()
            + " preset(s) on the classpath"
            + (config != null
                ? "; settings read from " + config + " and the environment"
                : "; settings read from the environment")
            + ".");
    for (PresetProvider p : registry.providers()) {
      out.println();
      out.println(p.name() + (selected.contains(p.name()) ? "  [selected in callbacks]" : ""));
      List<String> aliases = new ArrayList<>(new TreeSet<>(p.aliases()));
      out.println("  aliases:     " + (aliases.isEmpty() ? "-" : String.join(", ", aliases)));
      out.println("  owner:       " + p.owner().id());
      if (!p.description().isEmpty()) {
        out.println("  description: " + p.description());
      }
      ConfigNode.MapNode section = section(cfg, p);
      ResolvedPresetSettings resolved =
          ResolvedPresetSettings.resolve(p, section, cli.environment());
      if (p.settings().isEmpty()) {
        out.println("  settings:    none");
        continue;
      }
      out.println("  settings:");
      int keyWidth = p.settings().stream().mapToInt(s -> s.key().length()).max().orElse(4);
      int envWidth = p.settings().stream().mapToInt(s -> envs(s).length()).max().orElse(4);
      int flagsWidth =
          Math.max(16, p.settings().stream().mapToInt(s -> flags(s).length()).max().orElse(0));
      for (SettingSpec s : p.settings()) {
        out.printf(
            "    %-" + keyWidth + "s  %-" + envWidth + "s  %-" + flagsWidth + "s  %s%n",
            s.key(),
            envs(s),
            flags(s),
            state(p, s, resolved));
      }
    }
    out.println();
    out.println(COMMON_SETTINGS);
    for (String problem : registry.problems()) {
      out.println();
      out.println("warning: " + problem);
    }
    out.flush();
    return Main.OK;
  }

  /**
   * The keys every {@code presets.<name>:} section takes besides the preset's own ({@link
   * ConfigLoader#PRESET_KEYS}): a user reading this list would not find them otherwise.
   */
  static final String COMMON_SETTINGS =
      "Every preset, otel included, also takes under presets.<name> (YAML only):"
          + common(
              ConfigLoader.SAMPLE_RATIO,
              "the share of traces this backend receives, 0 to 1 (default 1)")
          + common(
              ConfigLoader.CAPTURE_MESSAGE_CONTENT,
              "this backend's own content mode: no_content, span_only, span_and_event,"
                  + " event_only (default: settings.capture_message_content)")
          + common(
              ConfigLoader.REDACT,
              "redaction rules applied after settings.redact, e.g."
                  + " [{pattern: 'sk-\\w+', replacement: '<key>'}] (default none)")
          + common(
              ConfigLoader.COMPRESSION,
              "gzip or none, for this backend's export bodies (default gzip;"
                  + " otel: OTEL_EXPORTER_OTLP_COMPRESSION)");

  /** One line of {@link #COMMON_SETTINGS}: the key in a column as wide as the longest. */
  private static String common(String key, String what) {
    return String.format(
        "\n    %-" + ConfigLoader.CAPTURE_MESSAGE_CONTENT.length() + "s  %s", key, what);
  }

  private static String envs(SettingSpec s) {
    return s.envVars().isEmpty() ? "-" : String.join(" | ", s.envVars());
  }

  private static String flags(SettingSpec s) {
    String need =
        s.required()
            ? "required"
            : s.requiredUnless()
                .map(other -> "required unless " + other + " is set")
                .orElse("optional");
    return need + (s.secret() ? ", secret" : "");
  }

  /**
   * {@link #state(SettingSpec, ResolvedPresetSettings)}, but an unset setting whose default depends
   * on another setting is shown as the preset words it ({@link UnsetSettingNotes}).
   */
  static String state(PresetProvider p, SettingSpec s, ResolvedPresetSettings resolved) {
    if (!resolved.values().containsKey(s.key()) && p instanceof UnsetSettingNotes notes) {
      Optional<String> note = notes.whenUnset(s.key());
      if (note.isPresent()) {
        return note.get();
      }
    }
    return state(s, resolved);
  }

  /**
   * {@link #state(SettingSpec, ResolvedPresetSettings.Value)}, and for a setting that is not set
   * whether it is needed: a {@link SettingSpec#requiredUnless()} setting is not when the setting
   * it names is set.
   */
  static String state(SettingSpec s, ResolvedPresetSettings resolved) {
    ResolvedPresetSettings.Value v = resolved.values().get(s.key());
    if (v == null && s.requiredUnless().isPresent()) {
      String other = s.requiredUnless().get();
      return resolved.isExplicitlySet(other)
          ? "not set (not needed: " + other + " is set)"
          : "NOT SET (required unless " + other + " is set)";
    }
    return state(s, v);
  }

  /** Whether and where the setting is set; the value only when it is not secret. */
  static String state(SettingSpec s, ResolvedPresetSettings.Value v) {
    if (v == null) {
      return s.required() ? "NOT SET (required)" : "not set";
    }
    String where =
        switch (v.source()) {
          case YAML -> "config " + v.origin();
          case ENV -> "env " + v.origin();
          case DEFAULT -> "default";
        };
    if (s.secret()) {
      return v.source() == ResolvedPresetSettings.Source.DEFAULT
          ? "default (secret)"
          : "set (" + where + ", value hidden)";
    }
    return v.source() == ResolvedPresetSettings.Source.DEFAULT
        ? "default: " + v.value()
        : "set (" + where + "): " + v.value();
  }

  static ConfigNode.MapNode section(OtelPresetsConfig cfg, PresetProvider p) {
    for (Map.Entry<String, ConfigNode.MapNode> e : cfg.presetSections().entrySet()) {
      String key = e.getKey();
      if (key.equalsIgnoreCase(p.name()) || p.aliases().stream().anyMatch(key::equalsIgnoreCase)) {
        return e.getValue();
      }
    }
    return null;
  }
}
