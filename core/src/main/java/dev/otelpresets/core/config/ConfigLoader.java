package dev.otelpresets.core.config;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.Environment;
import dev.otelpresets.support.internal.HeaderValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Loads the YAML configuration. Syntax, types, unknown keys and unresolvable {@code ${VAR}}s are
 * reported here with file, line and column; callback and preset names are checked against the
 * classpath when the framework starts ({@code PresetSelection}).
 *
 * <pre>
 * callbacks: [langfuse, otel]
 * settings:
 *   service_name: my-gateway
 *   capture_message_content: span_only
 * presets:
 *   langfuse:
 *     public_key: ${LANGFUSE_PUBLIC_KEY}
 * </pre>
 */
public final class ConfigLoader {
  /** The top-level keys the framework itself reads. */
  public static final Set<String> TOP_LEVEL_KEYS =
      Set.of("callbacks", "settings", "presets", "tenants");

  /** The keys of {@code tenants:}. */
  public static final List<String> TENANTS_KEYS =
      List.of("allowed_hosts", "max_clients", "credentials");

  /** The longest tenant id in {@code tenants.credentials}. */
  public static final int MAX_TENANT_ID_LENGTH = 128;

  /** The most requests one backend may have unanswered at once ({@code max_requests_in_flight}). */
  public static final int MAX_REQUESTS_IN_FLIGHT = 16;

  /** The keys of {@code settings:}. */
  public static final List<String> SETTINGS_KEYS =
      List.of(
          "service_name",
          "capture_message_content",
          "max_queue_size",
          "max_export_batch_size",
          "schedule_delay_ms",
          "export_timeout_ms",
          "max_requests_in_flight",
          "publish_global",
          "existing_global",
          "shutdown_hook",
          "max_attribute_value_length",
          "redact");

  /** {@code presets.<name>.sample_ratio}: the share of traces that backend receives. */
  public static final String SAMPLE_RATIO = "sample_ratio";

  /**
   * {@code settings.capture_message_content}, and {@code presets.<name>.capture_message_content}:
   * that backend's own content mode, overriding the global one.
   */
  public static final String CAPTURE_MESSAGE_CONTENT = "capture_message_content";

  /** {@code settings.redact} and {@code presets.<name>.redact}: a list of redaction rules. */
  public static final String REDACT = "redact";

  /**
   * {@code presets.<name>.compression}: {@code gzip} or {@code none} for that backend's export
   * bodies (absent: the preset's own choice, gzip unless it says otherwise).
   */
  public static final String COMPRESSION = "compression";

  /**
   * The keys every {@code presets.<name>:} section may hold besides the preset's own settings;
   * no preset may declare a setting with one of these names.
   */
  public static final List<String> PRESET_KEYS =
      List.of(SAMPLE_RATIO, CAPTURE_MESSAGE_CONTENT, REDACT, COMPRESSION);

  /** The smallest {@code settings.max_attribute_value_length}: room for a marker and a word. */
  public static final int MIN_ATTRIBUTE_VALUE_LENGTH = 64;

  /**
   * The largest configuration file read, in bytes (1 MiB): a real configuration is a few
   * kilobytes, and a bound keeps a wrong path ({@code /dev/zero}, a log file) from filling memory.
   */
  public static final int MAX_FILE_BYTES = 1024 * 1024;

  /**
   * The default longest attribute value, in characters (128 Ki): with every content attribute at
   * most this long, even a span carrying all of them twice (the OpenInference vocabulary) stays
   * well under the 4 MiB a gRPC or collector endpoint accepts per request by default.
   */
  public static final int DEFAULT_ATTRIBUTE_VALUE_LENGTH = 128 * 1024;

  private final Environment env;
  private final Set<String> extensionSections;
  private final Set<String> secretKeyedSections;

  private ConfigLoader(
      Environment env, Set<String> extensionSections, Set<String> secretKeyedSections) {
    this.env = env;
    this.extensionSections = extensionSections;
    this.secretKeyedSections = secretKeyedSections;
  }

  /** A loader reading {@code ${VAR}}s from {@code env}, accepting only the framework's keys. */
  public static ConfigLoader create(Environment env) {
    return new ConfigLoader(Objects.requireNonNull(env, "env"), Set.of(), Set.of());
  }

  /**
   * A loader that also accepts the given top-level sections (a host application's own, like {@code
   * models} and {@code keys}); their content is the host's to validate.
   */
  public static ConfigLoader create(Environment env, Set<String> extensionSections) {
    return create(env, extensionSections, Set.of());
  }

  /**
   * A loader that also accepts the given top-level sections, some of whose keys are secrets (the
   * gateway's {@code keys:}, keyed by API key): an error under one of {@code secretKeyedSections}
   * names the entry by its position, {@code keys.(key #2)}, never by its key.
   */
  public static ConfigLoader create(
      Environment env, Set<String> extensionSections, Set<String> secretKeyedSections) {
    return new ConfigLoader(
        Objects.requireNonNull(env, "env"),
        Set.copyOf(extensionSections),
        Set.copyOf(secretKeyedSections));
  }

  /**
   * Loads a file.
   *
   * @throws ConfigException if the file cannot be read or is invalid
   */
  public OtelPresetsConfig load(Path file) {
    Objects.requireNonNull(file, "file");
    return parse(ConfigFileReader.read(file, MAX_FILE_BYTES), file.toString());
  }

  /**
   * Parses YAML text.
   *
   * @param source names the text in messages (a file name)
   * @throws ConfigException if it is invalid
   */
  public OtelPresetsConfig parse(String yaml, String source) {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(source, "source");
    ConfigNode root = new YamlTreeReader(source, env, secretKeyedSections).read(yaml);
    if (!(root instanceof ConfigNode.MapNode)) {
      throw root.error(
          "the configuration must be a mapping with keys like 'callbacks:' and"
              + " 'settings:', but it is "
              + root.kind());
    }
    ConfigNode.MapNode top = root.asMap();
    OtelPresetsConfig.Builder b = OtelPresetsConfig.builder(source);
    Set<String> allowed =
        new LinkedHashSet<>(List.of("callbacks", "settings", "presets", "tenants"));
    allowed.addAll(extensionSections);
    for (Map.Entry<String, ConfigNode> e : top.entries().entrySet()) {
      String key = e.getKey();
      ConfigNode value = e.getValue();
      switch (key) {
        case "callbacks" -> readCallbacks(value, b);
        case "settings" -> readSettings(value.asMap(), b);
        case "tenants" -> readTenants(value.asMap(), b);
        case "presets" -> {
          for (Map.Entry<String, ConfigNode> p : value.asMap().entries().entrySet()) {
            ConfigNode.MapNode section = p.getValue().asMap();
            ConfigNode ratio = section.entries().get(SAMPLE_RATIO);
            if (ratio != null) {
              sampleRatio(ratio); // refused at load, like every framework setting
            }
            ConfigNode capture = section.entries().get(CAPTURE_MESSAGE_CONTENT);
            if (capture != null) {
              contentCapture(capture);
            }
            ConfigNode redact = section.entries().get(REDACT);
            if (redact != null) {
              redactionRules(redact);
            }
            ConfigNode compression = section.entries().get(COMPRESSION);
            if (compression != null) {
              compression(compression);
            }
            b.presetSections.put(p.getKey(), section);
            b.presetSectionLocations.put(p.getKey(), value.asMap().keyLocation(p.getKey()));
          }
        }
        default -> {
          if (!extensionSections.contains(key)) {
            throw unknownKey(top, key, allowed, "at the top level");
          }
          b.extensions.put(key, value);
        }
      }
    }
    return b.build();
  }

  private static void readCallbacks(ConfigNode node, OtelPresetsConfig.Builder b) {
    b.callbacksLocation = node.location();
    if (node instanceof ConfigNode.ScalarNode s) {
      // a scalar allows "callbacks: ${CALLBACKS}" with a comma-separated variable
      if (s.isNull()) {
        return;
      }
      for (String name : s.text().split(",")) {
        if (!name.isBlank()) {
          b.callbacks.add(new OtelPresetsConfig.Callback(name.trim(), s.location()));
        }
      }
      return;
    }
    if (!(node instanceof ConfigNode.ListNode list)) {
      throw node.error("expected a list of callback names, e.g. callbacks: [langfuse, otel]");
    }
    for (ConfigNode item : list.items()) {
      if (!(item instanceof ConfigNode.ScalarNode s) || s.isNull()) {
        throw item.error("expected a callback name, e.g. langfuse, but found " + item.kind());
      }
      b.callbacks.add(new OtelPresetsConfig.Callback(s.text().trim(), s.location()));
    }
  }

  private static void readSettings(ConfigNode.MapNode settings, OtelPresetsConfig.Builder b) {
    for (Map.Entry<String, ConfigNode> e : settings.entries().entrySet()) {
      ConfigNode v = e.getValue();
      switch (e.getKey()) {
        case "service_name" -> {
          // trimmed: a name read from a file with ${VAR} ends in a newline
          String name = string(v).trim();
          if (HeaderValues.hasControlCharacter(name)) {
            throw v.error(
                "contains a line break or another control character; a service name is one line:"
                    + " set it again without that character");
          }
          b.serviceName = name;
        }
        case CAPTURE_MESSAGE_CONTENT -> b.contentCapture = contentCapture(v);
        case REDACT -> b.redactionRules.addAll(redactionRules(v));
        case "max_queue_size" -> b.maxQueueSize = positiveInt(v);
        case "max_export_batch_size" -> b.maxExportBatchSize = positiveInt(v);
        case "schedule_delay_ms" -> b.scheduleDelay = Duration.ofMillis(positiveInt(v));
        case "export_timeout_ms" -> b.exportTimeout = Duration.ofMillis(positiveInt(v));
        case "max_requests_in_flight" -> {
          int n = positiveInt(v);
          if (n > MAX_REQUESTS_IN_FLIGHT) {
            throw v.error(
                "must be at most "
                    + MAX_REQUESTS_IN_FLIGHT
                    + ", got "
                    + n
                    + " (each unanswered request holds a whole batch; the default is 2, 1 sends"
                    + " one batch at a time and in order)");
          }
          b.maxRequestsInFlight = n;
        }
        case "max_attribute_value_length" -> {
          int n = positiveInt(v);
          if (n < MIN_ATTRIBUTE_VALUE_LENGTH) {
            throw v.error(
                "must be at least "
                    + MIN_ATTRIBUTE_VALUE_LENGTH
                    + " characters, got "
                    + n
                    + " (the default is "
                    + DEFAULT_ATTRIBUTE_VALUE_LENGTH
                    + ")");
          }
          b.maxAttributeValueLength = n;
        }
        case "publish_global" -> b.publishGlobal = bool(v);
        case "shutdown_hook" -> b.shutdownHook = bool(v);
        case "existing_global" -> {
          String s = string(v).toLowerCase(Locale.ROOT);
          if (s.equals("fail")) {
            b.existingGlobal = OtelPresetsConfig.ExistingGlobal.FAIL;
          } else if (s.equals("attach")) {
            b.existingGlobal = OtelPresetsConfig.ExistingGlobal.ATTACH;
          } else {
            throw v.error(
                "'"
                    + s
                    + "' is not valid; use 'fail' (refuse to start) or 'attach'"
                    + " (record through the existing global)");
          }
        }
        default -> throw unknownKey(settings, e.getKey(), SETTINGS_KEYS, "in settings");
      }
    }
    if (b.maxQueueSize != null
        && b.maxExportBatchSize != null
        && b.maxExportBatchSize > b.maxQueueSize) {
      throw settings
          .entries()
          .get("max_export_batch_size")
          .error(
              "max_export_batch_size ("
                  + b.maxExportBatchSize
                  + ") must not exceed max_queue_size ("
                  + b.maxQueueSize
                  + ")");
    }
  }

  private static void readTenants(ConfigNode.MapNode tenants, OtelPresetsConfig.Builder b) {
    for (Map.Entry<String, ConfigNode> e : tenants.entries().entrySet()) {
      ConfigNode v = e.getValue();
      switch (e.getKey()) {
        case "max_clients" -> b.tenantMaxClients = positiveInt(v);
        case "allowed_hosts" -> {
          if (!(v instanceof ConfigNode.ListNode list)) {
            throw v.error(
                "expected a list of host names, e.g. allowed_hosts:"
                    + " [langfuse.internal.example.com]");
          }
          for (ConfigNode item : list.items()) {
            b.tenantAllowedHosts.add(allowedHost(item));
          }
        }
        case "credentials" -> readTenantCredentials(v, b);
        default -> throw unknownKey(tenants, e.getKey(), TENANTS_KEYS, "in tenants");
      }
    }
  }

  /**
   * {@code tenants.credentials}: per tenant id, per exporter owner id, that backend's tenant
   * credential keys ({@code team-a: {langfuse: {langfuse_public_key: pk-a, ...}}}). Errors name the
   * key, never a value.
   */
  private static void readTenantCredentials(ConfigNode node, OtelPresetsConfig.Builder b) {
    ConfigNode.MapNode tenants = node.asMap();
    for (Map.Entry<String, ConfigNode> t : tenants.entries().entrySet()) {
      String id = t.getKey();
      if (id.isBlank()
          || !id.equals(id.strip())
          || id.length() > MAX_TENANT_ID_LENGTH
          || !id.chars().allMatch(c -> c >= ' ' && c != 127)) {
        throw new ConfigException(
            tenants.keyLocation(id),
            tenants.childPath(id),
            "a tenant id"
                + " must be 1 to "
                + MAX_TENANT_ID_LENGTH
                + " characters without control characters"
                + " or surrounding spaces, e.g. team-a");
      }
      Map<String, Map<String, String>> byOwner = new java.util.LinkedHashMap<>();
      ConfigNode.MapNode owners = t.getValue().asMap();
      for (Map.Entry<String, ConfigNode> o : owners.entries().entrySet()) {
        if (!dev.otelpresets.spi.ExporterOwner.isValidId(o.getKey())) {
          throw new ConfigException(
              owners.keyLocation(o.getKey()),
              owners.childPath(o.getKey()),
              "'"
                  + o.getKey()
                  + "' is not an exporter owner id; use the backend's owner, e.g."
                  + " langfuse, arize, weave, phoenix");
        }
        Map<String, String> values = new java.util.LinkedHashMap<>();
        ConfigNode.MapNode creds = o.getValue().asMap();
        for (Map.Entry<String, ConfigNode> c : creds.entries().entrySet()) {
          if (!(c.getValue() instanceof ConfigNode.ScalarNode sc)) {
            throw c.getValue().error("expected a single value but found " + c.getValue().kind());
          }
          if (sc.isNull() || sc.text().isBlank()) {
            continue; // like an unset variable: the key is left out
          }
          String value = sc.text().trim();
          java.util.Optional<String> problem =
              dev.otelpresets.support.internal.HeaderValues.problem(value);
          if (problem.isPresent()) {
            throw sc.error(
                "the value "
                    + problem.get()
                    + "; "
                    + dev.otelpresets.support.internal.HeaderValues.FIX);
          }
          values.put(c.getKey(), value);
          b.tenantKeyLocations.put(
              id + "\n" + o.getKey() + "\n" + c.getKey(), creds.keyLocation(c.getKey()));
        }
        byOwner.put(o.getKey(), values);
      }
      b.tenants.put(id, dev.otelpresets.core.Tenant.of(id, byOwner));
    }
  }

  /**
   * A {@code tenants.allowed_hosts} entry, lower case: {@code host} (the default port of the
   * endpoint's scheme only) or {@code host:port}; an IPv6 address in brackets.
   */
  private static String allowedHost(ConfigNode item) {
    String entry = string(item).trim().toLowerCase(Locale.ROOT);
    String fix =
        "; write a host, which allows its default port only (443 for https, 80 for"
            + " http), e.g. langfuse.internal.example.com, or host:port, e.g."
            + " langfuse.internal.example.com:8443";
    if (!entry.chars().allMatch(c -> c > ' ' && c < 127)) {
      throw item.error(
          "'"
              + entry
              + "' contains a space, a control or a non-ASCII character"
              + " (write an internationalised name in its xn-- form)"
              + fix);
    }
    if (entry.contains("/") || entry.contains("@") || entry.contains("?") || entry.contains("#")) {
      throw item.error(
          "'"
              + entry
              + "' is not a bare host name or host:port (no scheme, path"
              + " or user)"
              + fix);
    }
    java.net.URI uri;
    try {
      uri = new java.net.URI("http://" + entry);
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || entry.endsWith(":")) {
      throw item.error(
          "'"
              + entry
              + "' is not a host name or host:port"
              + fix
              + (entry.indexOf(':') != entry.lastIndexOf(':')
                  ? " (an IPv6 address goes in brackets: [::1]:4318)"
                  : ""));
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw item.error("'" + entry + "': port " + uri.getPort() + " is out of range (1-65535)");
    }
    return uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }

  /** An unknown-key error listing the valid keys and the closest match. */
  public static ConfigException unknownKey(
      ConfigNode.MapNode parent, String key, java.util.Collection<String> valid, String where) {
    String suggestion = Suggestions.closest(key, valid);
    return new ConfigException(
        parent.keyLocation(key),
        parent.childPath(key),
        "unknown key '"
            + key
            + "' "
            + where
            + "."
            + (suggestion != null ? " Did you mean '" + suggestion + "'?" : "")
            + " Valid keys: "
            + String.join(", ", valid)
            + ".");
  }

  /** A scalar's text, or an error if the node is not a non-empty scalar. */
  public static String string(ConfigNode v) {
    if (!(v instanceof ConfigNode.ScalarNode s) || s.isNull()) {
      throw v.error("expected a value but found " + v.kind());
    }
    return s.text();
  }

  /**
   * A {@code capture_message_content} value: no_content, span_only, span_and_event or event_only
   * (true and false too, as the environment variable accepts them).
   */
  public static ContentCapture contentCapture(ConfigNode v) {
    try {
      return ContentCapture.parse(string(v));
    } catch (IllegalArgumentException ex) {
      throw v.error(ex.getMessage());
    }
  }

  /**
   * A {@code redact:} list: each entry a mapping with {@code pattern} (a Java regular expression,
   * required) and {@code replacement} (literal text, default {@value
   * RedactionRule#DEFAULT_REPLACEMENT}). An empty value is an empty list.
   */
  public static List<RedactionRule> redactionRules(ConfigNode v) {
    if (v instanceof ConfigNode.ScalarNode s && s.isNull()) {
      return List.of();
    }
    String example =
        "; write e.g. redact: [{pattern: '[\\w.+-]+@[\\w-]+\\.[\\w.]+',"
            + " replacement: '<email>'}]";
    if (!(v instanceof ConfigNode.ListNode list)) {
      throw v.error(
          "expected a list of rules (pattern: and replacement:) but found " + v.kind() + example);
    }
    List<RedactionRule> rules = new ArrayList<>();
    for (ConfigNode item : list.items()) {
      if (!(item instanceof ConfigNode.MapNode rule)) {
        throw item.error(
            "expected a rule with pattern: and replacement: but found " + item.kind() + example);
      }
      for (String key : rule.entries().keySet()) {
        if (!key.equals("pattern") && !key.equals("replacement")) {
          throw unknownKey(rule, key, List.of("pattern", "replacement"), "in a redaction rule");
        }
      }
      ConfigNode patternNode = rule.get("pattern");
      if (patternNode == null) {
        throw item.error("a redaction rule needs pattern: (a Java regular expression)" + example);
      }
      String regex = string(patternNode);
      java.util.regex.Pattern pattern;
      try {
        pattern = java.util.regex.Pattern.compile(regex);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new ConfigException(
            patternNode.location(),
            patternNode.path(),
            "invalid regular expression: "
                + e.getDescription()
                + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "")
                + " in '"
                + regex
                + "'. Write a Java regular expression (java.util.regex.Pattern); in YAML, quote"
                + " it with single quotes so backslashes stay as written.");
      }
      if (pattern.matcher("").matches()) {
        throw patternNode.error(
            "the pattern '"
                + regex
                + "' matches the empty text, so it"
                + " would insert the replacement between every two characters; use + instead of *"
                + " or ? for the repeated part");
      }
      ConfigNode replacementNode = rule.get("replacement");
      String replacement = RedactionRule.DEFAULT_REPLACEMENT;
      if (replacementNode != null) {
        if (!(replacementNode instanceof ConfigNode.ScalarNode rs)) {
          throw replacementNode.error(
              "expected the replacement text but found " + replacementNode.kind());
        }
        replacement = rs.isNull() ? "" : rs.text();
      }
      rules.add(new RedactionRule(pattern, replacement, patternNode.location()));
    }
    return List.copyOf(rules);
  }

  /** A {@code compression}: {@code gzip} or {@code none}. */
  public static String compression(ConfigNode v) {
    String s = v instanceof ConfigNode.ScalarNode n && !n.isNull() ? n.text().trim() : null;
    if (s == null || !(s.equals("gzip") || s.equals("none"))) {
      throw v.error(
          "must be gzip or none, got "
              + (s == null ? v.kind() : "'" + s + "'")
              + "; write gzip (the default: smaller bodies, more CPU) or none (uncompressed, e.g."
              + " for a collector on the same host)");
    }
    return s;
  }

  /** A {@code sample_ratio}: a number from 0 (no traces) to 1 (every trace). */
  public static double sampleRatio(ConfigNode v) {
    String s = string(v).trim();
    String fix = "; write a number from 0 (send no traces) to 1 (send every trace), e.g. 0.25";
    double d;
    try {
      d = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw v.error("must be a number from 0 to 1, got '" + s + "'" + fix);
    }
    if (!(d >= 0.0 && d <= 1.0)
        || s.endsWith("d")
        || s.endsWith("D")
        || s.endsWith("f")
        || s.endsWith("F")) {
      throw v.error("must be a number from 0 to 1, got '" + s + "'" + fix);
    }
    return d;
  }

  private static int positiveInt(ConfigNode v) {
    String s = string(v);
    try {
      int n = Integer.parseInt(s.trim());
      if (n <= 0) {
        throw v.error("must be a positive whole number, got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw v.error("must be a positive whole number, got '" + s + "'");
    }
  }

  private static boolean bool(ConfigNode v) {
    String s = string(v).trim().toLowerCase(Locale.ROOT);
    if (s.equals("true")) {
      return true;
    }
    if (s.equals("false")) {
      return false;
    }
    throw v.error("must be true or false, got '" + s + "'");
  }

  /** All callback names as written, for messages. */
  static List<String> names(List<OtelPresetsConfig.Callback> callbacks) {
    List<String> out = new ArrayList<>();
    callbacks.forEach(c -> out.add(c.name()));
    return out;
  }
}
