package dev.otelpresets.spring.internal;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.config.ConfigLoader;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.spring.OtelPresetsProperties;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code otel-presets.*} properties into the YAML file they mirror and loads it with core's
 * loader, so validation and messages are the file's; a {@link ConfigException} is re-worded to
 * name the Spring property instead of the YAML key.
 */
public final class PropertiesConfig {
  /** Names the properties in messages that have no key. */
  public static final String SOURCE = "Spring properties otel-presets.*";

  private PropertiesConfig() {}

  /** The configuration the properties describe. */
  public static OtelPresetsConfig load(OtelPresetsProperties props, Environment env) {
    boolean anyInline =
        !props.getCallbacks().isEmpty()
            || !props.getSettings().isEmpty()
            || !props.getPresets().isEmpty();
    String file = props.getConfigFile();
    if (file != null && !file.isBlank()) {
      if (anyInline) {
        throw new ConfigException(
            "otel-presets.config-file is set together with"
                + " otel-presets.callbacks, .settings or .presets; use one of the two: either the"
                + " file or the properties.");
      }
      return ConfigLoader.create(env).load(Path.of(file.trim()));
    }
    try {
      return ConfigLoader.create(env).parse(yaml(props), SOURCE);
    } catch (ConfigException e) {
      throw reword(e);
    }
  }

  /** Whether {@code otel-presets.settings.publish-global} is set (in any spelling). */
  public static boolean setsPublishGlobal(OtelPresetsProperties props) {
    return props.getSettings().keySet().stream().anyMatch(k -> snake(k).equals("publish_global"));
  }

  /** The YAML text the properties stand for; every value is a quoted string. */
  static String yaml(OtelPresetsProperties props) {
    StringBuilder sb = new StringBuilder();
    if (!props.getCallbacks().isEmpty()) {
      sb.append("callbacks:\n");
      props.getCallbacks().forEach(c -> sb.append("  - ").append(quote(c)).append('\n'));
    }
    sb.append("settings:\n");
    appendMap(sb, props.getSettings(), "  ");
    if (props.getSettings().keySet().stream().noneMatch(k -> snake(k).equals("existing_global"))) {
      // under the Java agent (or anything that set the global first) record through its SDK,
      // saying so, rather than refusing to start: never two SDKs
      sb.append("  existing_global: \"attach\"\n");
    }
    if (!props.getPresets().isEmpty()) {
      sb.append("presets:\n");
      props
          .getPresets()
          .forEach(
              (name, section) -> {
                sb.append("  ").append(quote(name)).append(":");
                if (section == null || section.isEmpty()) {
                  sb.append(" {}\n");
                } else {
                  sb.append('\n');
                  appendMap(sb, section, "    ");
                }
              });
    }
    return sb.toString();
  }

  private static void appendMap(StringBuilder sb, Map<String, String> map, String indent) {
    // list index -> field -> value, per list key (redact)
    Map<String, TreeMap<Integer, Map<String, String>>> lists = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> {
          Matcher item = LIST_ITEM.matcher(k);
          if (item.matches()) {
            lists
                .computeIfAbsent(snake(item.group(1)), x -> new TreeMap<>())
                .computeIfAbsent(
                    Integer.valueOf(item.group(2) != null ? item.group(2) : item.group(3)),
                    x -> new LinkedHashMap<>())
                .put(snake(item.group(4)), v);
            return;
          }
          sb.append(indent)
              .append(quote(snake(k)))
              .append(": ")
              .append(v == null ? "null" : quote(v))
              .append('\n');
        });
    lists.forEach(
        (key, items) -> {
          sb.append(indent).append(quote(key)).append(":\n");
          // indices as written: a gap (redact[0], redact[2]) leaves no empty rule behind
          items.forEach(
              (index, fields) -> {
                String lead = indent + "  - ";
                for (Map.Entry<String, String> f : fields.entrySet()) {
                  sb.append(lead)
                      .append(quote(f.getKey()))
                      .append(": ")
                      .append(f.getValue() == null ? "null" : quote(f.getValue()))
                      .append('\n');
                  lead = indent + "    ";
                }
              });
        });
  }

  /**
   * A list item's field as Spring binds it into a string map: {@code redact.0.pattern} from {@code
   * otel-presets.settings.redact[0].pattern} or a YAML list of maps under {@code
   * otel-presets.settings.redact}; {@code redact[0].pattern} is taken too.
   */
  private static final Pattern LIST_ITEM =
      Pattern.compile("(redact)(?:\\[(\\d{1,6})\\]|\\.(\\d{1,6}))\\.([A-Za-z_-]+)");

  /**
   * A property key as the YAML file writes it: {@code max-queue-size}, {@code maxQueueSize} and
   * {@code max_queue_size} are all {@code max_queue_size}, and so is {@code max.queue.size}, the
   * map key Spring binds from the environment variable {@code
   * OTELPRESETS_SETTINGS_MAX_QUEUE_SIZE} (no key of the file has a dot).
   */
  static String snake(String key) {
    if (key.chars().noneMatch(Character::isLowerCase)) {
      key = key.toLowerCase(Locale.ROOT); // MAX_QUEUE_SIZE: words are not told by case
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '-' || c == '.') {
        sb.append('_');
      } else if (Character.isUpperCase(c)) {
        if (i > 0 && key.charAt(i - 1) != '-' && key.charAt(i - 1) != '_') {
          sb.append('_');
        }
        sb.append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The Spring property of a YAML key: {@code settings.max_queue_size} is {@code otel-presets.settings.max-queue-size}. */
  public static String property(String yamlKey) {
    return "otel-presets." + yamlKey.replace('_', '-').toLowerCase(Locale.ROOT);
  }

  /** The same problem, naming the Spring property instead of the YAML key. */
  public static ConfigException reword(ConfigException e) {
    String key = e.key().orElse(null);
    if (key == null || key.isEmpty()) {
      return e;
    }
    String message = e.getMessage();
    String marker = key + ": ";
    int at = message.indexOf(marker);
    String problem = springNames(at < 0 ? message : message.substring(at + marker.length()));
    ConfigException out = new ConfigException(null, property(key), problem);
    out.initCause(e);
    return out;
  }

  /** A file key named in a message ({@code presets.langfuse.public_key}, {@code settings.x_y}). */
  private static final Pattern FILE_KEY =
      Pattern.compile("(?<![\\w.-])((?:presets\\.[A-Za-z0-9_-]+|settings)\\.[a-z0-9_]+)\\b");

  /**
   * {@code problem} with the file's keys it names as the Spring properties that set them: a
   * missing credential is {@code otel-presets.presets.langfuse.public-key} here, not {@code
   * presets.langfuse.public_key}.
   */
  static String springNames(String problem) {
    Matcher m = FILE_KEY.matcher(problem);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(property(m.group(1))));
    }
    m.appendTail(sb);
    return sb.toString()
        .replace(
            "Set it in the config file or the environment.",
            "Set the property or the environment variable.");
  }

  /** A YAML double-quoted scalar: no value can change the document's structure. */
  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
