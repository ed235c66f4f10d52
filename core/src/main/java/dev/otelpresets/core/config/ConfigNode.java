package dev.otelpresets.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A YAML value that remembers where it was written, so every error can name file, line and column.
 * A mapping, a sequence or a scalar (kept as text after {@code ${VAR}} substitution; {@code null}
 * for YAML null).
 */
public abstract sealed class ConfigNode
    permits ConfigNode.MapNode, ConfigNode.ListNode, ConfigNode.ScalarNode {
  private final String path;
  private final ConfigLocation location;

  ConfigNode(String path, ConfigLocation location) {
    this.path = Objects.requireNonNull(path, "path");
    this.location = Objects.requireNonNull(location, "location");
  }

  /** The dotted path, e.g. {@code presets.langfuse.host} or {@code callbacks[1]}. */
  public String path() {
    return path;
  }

  public ConfigLocation location() {
    return location;
  }

  /** What this node is, for messages: "a mapping", "a list", "a value". */
  public abstract String kind();

  /** An error at this node. */
  public ConfigException error(String problem) {
    return new ConfigException(location, path, problem);
  }

  /** This node as a mapping, or an error saying what was expected. */
  public MapNode asMap() {
    if (this instanceof MapNode m) {
      return m;
    }
    if (this instanceof ScalarNode s && s.isEmpty()) {
      // "settings:" with nothing (or only comments) under it: the YAML reader gives an empty
      // string there, not null; either way the section is empty, as "settings: {}" says
      return new MapNode(path(), location(), new LinkedHashMap<>(), new LinkedHashMap<>());
    }
    throw error("expected a mapping (key: value lines) but found " + kind());
  }

  /** A mapping; keys keep their order. */
  public static final class MapNode extends ConfigNode {
    private final Map<String, ConfigNode> entries;
    private final Map<String, ConfigLocation> keyLocations;

    MapNode(
        String path,
        ConfigLocation location,
        Map<String, ConfigNode> entries,
        Map<String, ConfigLocation> keyLocations) {
      super(path, location);
      this.entries = Collections.unmodifiableMap(entries);
      this.keyLocations = Collections.unmodifiableMap(keyLocations);
    }

    /** Where {@code key} itself was written (its value may start on another line). */
    public ConfigLocation keyLocation(String key) {
      ConfigLocation l = keyLocations.get(key);
      return l != null ? l : entries.containsKey(key) ? entries.get(key).location() : location();
    }

    /** The dotted path of a child key. */
    public String childPath(String key) {
      return path().isEmpty() ? key : path() + "." + key;
    }

    public Map<String, ConfigNode> entries() {
      return entries;
    }

    public ConfigNode get(String key) {
      return entries.get(key);
    }

    @Override
    public String kind() {
      return "a mapping";
    }
  }

  /** A sequence. */
  public static final class ListNode extends ConfigNode {
    private final List<ConfigNode> items;

    ListNode(String path, ConfigLocation location, List<ConfigNode> items) {
      super(path, location);
      this.items = Collections.unmodifiableList(new ArrayList<>(items));
    }

    public List<ConfigNode> items() {
      return items;
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /** A scalar, as text (null for YAML null / empty). */
  public static final class ScalarNode extends ConfigNode {
    private final String text;
    private final boolean quoted;

    ScalarNode(String path, ConfigLocation location, String text, boolean quoted) {
      super(path, location);
      this.text = text;
      this.quoted = quoted;
    }

    /** The text after substitution, or null. */
    public String text() {
      return text;
    }

    public boolean isNull() {
      return text == null;
    }

    /** Null, or the empty text a key with nothing after it ({@code settings:}) reads as. */
    public boolean isEmpty() {
      return text == null || text.isEmpty();
    }

    /** Whether the YAML value was a string (so {@code "123"} is not a number). */
    public boolean isString() {
      return quoted;
    }

    @Override
    public String kind() {
      // never the text itself: it may be a secret
      return isEmpty() ? "an empty value" : "a single value";
    }
  }
}
