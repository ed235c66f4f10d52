package dev.otelpresets.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.otelpresets.core.Environment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads YAML (jackson-dataformat-yaml) into {@link ConfigNode}s that keep line and column, and
 * substitutes {@code ${VAR}} and {@code ${VAR:-default}} in string values and in keys. {@code $${}
 * writes a literal {@code ${}. Aliases ({@code *name}) are refused: the parser hands them over as
 * the anchor's name, which would silently become the value.
 */
final class YamlTreeReader {
  /** Deeper than any configuration needs; bounds the reader's recursion. */
  static final int MAX_NESTING = 64;

  private static final YAMLFactory YAML =
      YAMLFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
          .build();
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final String source;
  private final Environment env;
  private final Set<String> secretKeyed;

  /**
   * @param secretKeyed top-level sections whose keys are secrets (the gateway's {@code keys:}): the
   *     paths of their entries, which every message under them names, say {@code (key #2)} instead
   */
  YamlTreeReader(String source, Environment env, Set<String> secretKeyed) {
    this.source = source;
    this.env = env;
    this.secretKeyed = secretKeyed;
  }

  // YAML forbids '{' '}' ',' in plain scalars of flow collections, so "{ key: ${VAR} }" is invalid
  // YAML to any parser. References are swapped for same-length private-use characters before
  // parsing (columns stay exact) and swapped back in every key and value.
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{[^}\\n]*}");
  private static final char OPEN = '\uE000';
  private static final char BRACE = '\uE001';
  private static final char CLOSE = '\uE002';
  private static final char COMMA = '\uE003';

  static String protectReferences(String yaml) {
    if (yaml.indexOf("${") < 0) {
      return yaml;
    }
    Matcher m = REFERENCE.matcher(yaml);
    StringBuilder out = new StringBuilder(yaml.length());
    int last = 0;
    while (m.find()) {
      out.append(yaml, last, m.start());
      String ref = m.group();
      out.append(OPEN).append(BRACE).append(ref, 2, ref.length() - 1).append(CLOSE);
      last = m.end();
    }
    out.append(yaml, last, yaml.length());
    String protectedText = out.toString();
    // commas inside a reference (a default value) would split a flow sequence
    StringBuilder result = new StringBuilder(protectedText);
    boolean inside = false;
    for (int i = 0; i < result.length(); i++) {
      char c = result.charAt(i);
      if (c == BRACE && i > 0 && result.charAt(i - 1) == OPEN) {
        inside = true;
      } else if (c == CLOSE) {
        inside = false;
      } else if (inside && c == ',') {
        result.setCharAt(i, COMMA);
      }
    }
    return result.toString();
  }

  static String restoreReferences(String text) {
    if (text == null || text.indexOf(OPEN) < 0 && text.indexOf(CLOSE) < 0) {
      return text;
    }
    return text.replace(String.valueOf(OPEN) + BRACE, "${").replace(CLOSE, '}').replace(COMMA, ',');
  }

  /** Parses the whole document; an empty document is an empty mapping. */
  ConfigNode read(String yaml) {
    JsonParser p = null;
    try {
      p = YAML.createParser(protectReferences(yaml));
      JsonToken t = p.nextToken();
      if (t == null) {
        return new ConfigNode.MapNode(
            "", new ConfigLocation(source, 1, 1), new LinkedHashMap<>(), new LinkedHashMap<>());
      }
      ConfigNode root = node(p, "");
      if (p.nextToken() != null) {
        // a second document's sections (a keys: that locks the gateway) would be ignored
        throw new ConfigException(
            separator(yaml, location(p)),
            null,
            "a second YAML document"
                + " starts here ('---'); a configuration is one document, and the sections of a"
                + " second one would be silently ignored. Move them into the first document and"
                + " remove the '---' line.");
      }
      return root;
    } catch (StreamConstraintsException e) {
      JsonLocation l = p == null ? null : p.currentLocation();
      throw new ConfigException(
          l == null
              ? new ConfigLocation(source, 0, 0)
              : new ConfigLocation(source, l.getLineNr(), l.getColumnNr()),
          null,
          String.valueOf(e.getMessage()).contains("nesting")
              ? "the YAML is nested more than "
                  + MAX_NESTING
                  + " levels deep. A configuration"
                  + " needs only a few levels: check for unclosed or runaway brackets and"
                  + " indentation."
              : "a value is too long for a configuration (" + problem(e) + "). Shorten it.");
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      String msg = problem(e);
      throw new ConfigException(
          l == null
              ? new ConfigLocation(source, 0, 0)
              : new ConfigLocation(source, l.getLineNr(), l.getColumnNr()),
          null,
          "invalid YAML: "
              + msg
              + ". Check indentation (spaces, not tabs), that every 'key:' has"
              + " a space after the colon, and that brackets and quotes are closed.");
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot read the configuration: " + e.getMessage());
    } finally {
      if (p != null) {
        try {
          p.close();
        } catch (IOException e) {
          // reading from a string: nothing to release
        }
      }
    }
  }

  /** The {@code ---} line that opened the document whose first token is at {@code token}. */
  private ConfigLocation separator(String yaml, ConfigLocation token) {
    String[] lines = yaml.split("\n", -1);
    for (int i = Math.min(token.line(), lines.length) - 1; i >= 0; i--) {
      if (lines[i].startsWith("---")) {
        return new ConfigLocation(source, i + 1, 1);
      }
    }
    return token;
  }

  /** The parser's own words for what is wrong, without its source snippet. */
  private static String problem(JsonProcessingException e) {
    if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m
        && m.getProblem() != null) {
      String context = m.getContext() == null ? "" : m.getContext().trim() + ": ";
      return context + m.getProblem().trim();
    }
    String msg = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
    if (msg.startsWith("Expected a field name")) {
      // Jackson's words name a SnakeYAML event class
      return "a key must be a single name, not a list or a mapping (a '?' complex key)";
    }
    return msg.lines()
        .map(String::trim)
        .filter(line -> !line.isEmpty() && !line.startsWith("in ") && !line.startsWith("^"))
        .reduce((a, b) -> a + " " + b)
        .orElse(msg);
  }

  /** The YAML core schema's tags, as the parser reports them: they say what the value is. */
  private static final java.util.Set<String> CORE_TAGS =
      java.util.Set.of("str", "int", "float", "bool", "null", "map", "seq").stream()
          .flatMap(t -> java.util.stream.Stream.of(t, "tag:yaml.org,2002:" + t))
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** A tag as it is written in a file: {@code !!binary}, or {@code !name} for a local one. */
  private static String shownTag(String tag) {
    String core = "tag:yaml.org,2002:";
    return tag.startsWith(core) ? "!!" + tag.substring(core.length()) : "!" + tag;
  }

  private ConfigNode node(JsonParser p, String path) throws IOException {
    ConfigLocation loc = location(p);
    JsonToken t = p.currentToken();
    if (p instanceof YAMLParser y && y.isCurrentAlias()) {
      throw new ConfigException(
          loc,
          path,
          "a YAML alias (*"
              + restoreReferences(p.getText())
              + ") is not supported: a configuration writes every value out. Replace it with the"
              + " value of its anchor.");
    }
    if (p instanceof YAMLParser y) {
      String tag = y.getTypeId();
      if (tag != null && !CORE_TAGS.contains(tag)) {
        // the parser reads !!binary as bytes and drops any other tag: the value would not be
        // what the file shows
        throw new ConfigException(
            loc,
            path,
            "a YAML tag ("
                + shownTag(tag)
                + ") is not supported: write the value plainly, as text, a number, true/false, a"
                + " list or a mapping, without the tag.");
      }
    }
    switch (t) {
      case START_OBJECT:
        {
          Map<String, ConfigNode> entries = new LinkedHashMap<>();
          Map<String, ConfigLocation> keyLocations = new LinkedHashMap<>();
          boolean secretKeys = secretKeyed.contains(path);
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            ConfigLocation keyLoc = location(p);
            String label = path + ".(key #" + (entries.size() + 1) + ")";
            String raw = restoreReferences(p.currentName());
            String key =
                substitute(
                    raw, secretKeys ? label : path.isEmpty() ? raw : path + "." + raw, keyLoc);
            String childPath = secretKeys ? label : path.isEmpty() ? key : path + "." + key;
            if (entries.containsKey(key)) {
              throw new ConfigException(
                  keyLoc,
                  childPath,
                  "duplicate key; it is already set at "
                      + entries.get(key).location()
                      + ". Remove one of them.");
            }
            p.nextToken();
            entries.put(key, node(p, childPath));
            keyLocations.put(key, keyLoc);
          }
          return new ConfigNode.MapNode(path, loc, entries, keyLocations);
        }
      case START_ARRAY:
        {
          List<ConfigNode> items = new ArrayList<>();
          int i = 0;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            items.add(node(p, path + "[" + i++ + "]"));
          }
          return new ConfigNode.ListNode(path, loc, items);
        }
      case VALUE_NULL:
        return new ConfigNode.ScalarNode(path, loc, null, false);
      case VALUE_STRING:
        return new ConfigNode.ScalarNode(
            path, loc, substitute(restoreReferences(p.getText()), path, loc), true);
      default:
        return new ConfigNode.ScalarNode(path, loc, restoreReferences(p.getText()), false);
    }
  }

  private ConfigLocation location(JsonParser p) {
    JsonLocation l = p.currentTokenLocation();
    return new ConfigLocation(source, l.getLineNr(), l.getColumnNr());
  }

  /** Replaces {@code ${VAR}} / {@code ${VAR:-default}}; unset without default is an error. */
  String substitute(String text, String path, ConfigLocation loc) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      requireNoStrayReference(text.substring(last, m.start()), path, loc);
      out.append(text, last, m.start());
      if (m.group().equals("$${")) {
        out.append("${");
      } else {
        String name = m.group(1);
        String fallback = m.group(2);
        if (fallback != null && fallback.contains("${")) {
          // the default ends at its first '}': "${A:-${B}}" became the text "${B}", not B's value
          throw new ConfigException(
              loc,
              path,
              "a default value holds another reference (${"
                  + name
                  + ":-${...}), which is not substituted. Nested references are not supported:"
                  + " set "
                  + name
                  + ", or write the default out.");
        }
        Optional<String> set = env.get(name);
        String value = set.orElse(fallback);
        if (set.isPresent() && hasControlCharacterInside(value)) {
          // a line break would split a header or forge a log line; never show the value
          throw new ConfigException(
              loc,
              path,
              "environment variable "
                  + name
                  + " holds a line break or another control character (the value is not shown);"
                  + " a configuration value is one line. Set "
                  + name
                  + " again without it.");
        }
        if (value == null) {
          throw new ConfigException(
              loc,
              path,
              "environment variable "
                  + name
                  + " is not set. Set it, or write ${"
                  + name
                  + ":-default} to give a default.");
        }
        out.append(value);
      }
      last = m.end();
    }
    requireNoStrayReference(text.substring(last), path, loc);
    out.append(text, last, text.length());
    return out.toString();
  }

  /** Whether {@code value}, without surrounding whitespace, holds a control character but tab. */
  private static boolean hasControlCharacterInside(String value) {
    String inside = value.strip();
    for (int i = 0; i < inside.length(); i++) {
      char c = inside.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /** A {@code ${} left in text no variable pattern matched is a malformed reference. */
  private static void requireNoStrayReference(String unmatched, String path, ConfigLocation loc) {
    if (unmatched.contains("${")) {
      throw new ConfigException(
          loc,
          path,
          "malformed variable reference: a '${' without a closing '}' or with an invalid name."
              + " Write ${NAME} or ${NAME:-default} (NAME is letters, digits and '_'), or $${"
              + " for a literal '${'.");
    }
  }
}
