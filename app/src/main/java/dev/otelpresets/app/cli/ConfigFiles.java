package dev.otelpresets.app.cli;

import dev.otelpresets.app.gateway.GatewayConfig;
import dev.otelpresets.core.Environment;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.config.ConfigLoader;
import dev.otelpresets.core.config.OtelPresetsConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the framework's YAML plus the gateway's {@code models:} and {@code keys:} sections.
 *
 * <p>Workaround until the core accepts it: YAML forbids '{' and '}' in plain scalars inside flow
 * mappings, so the documented {@code arize: { arize_api_key: ${TEAM_A_ARIZE_KEY} }} is invalid
 * YAML to any parser. When a file fails to parse, unquoted {@code ${VAR}} references are quoted
 * (same meaning: substitution applies to strings) and the text is parsed again; locations of
 * later errors on such lines may be off by a column or two.
 */
final class ConfigFiles {
  private static final Pattern UNQUOTED_VARIABLE = Pattern.compile(
      "(?<=[\\s:,\\[{])(\\$\\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}\"'\\n]*)?})(?=\\s*[,}\\]]|\\s*$)",
      Pattern.MULTILINE);

  private ConfigFiles() {}

  static OtelPresetsConfig load(Environment env, Path file) {
    ConfigLoader loader = ConfigLoader.create(env, GatewayConfig.SECTIONS);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return loader.load(file); // the core's message for a missing file
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    try {
      return loader.parse(text, file.toString());
    } catch (ConfigException e) {
      String quoted = quoteVariables(text);
      if (quoted.equals(text) || !e.getMessage().contains("invalid YAML")) {
        throw e;
      }
      try {
        return loader.parse(quoted, file.toString());
      } catch (ConfigException again) {
        throw again.getMessage().contains("invalid YAML") ? e : again;
      }
    }
  }

  /** Puts double quotes around unquoted {@code ${VAR}} values. */
  static String quoteVariables(String text) {
    Matcher m = UNQUOTED_VARIABLE.matcher(text);
    return m.replaceAll(r -> Matcher.quoteReplacement("\"" + r.group(1) + "\""));
  }
}
