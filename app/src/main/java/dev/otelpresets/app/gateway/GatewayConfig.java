package dev.otelpresets.app.gateway;

import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.config.ConfigLoader;
import dev.otelpresets.core.config.ConfigNode;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.core.internal.PresetSelection;
import dev.otelpresets.core.internal.TenantCredentialCheck;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.support.internal.Endpoints;
import dev.otelpresets.support.internal.HeaderValues;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The gateway's own sections of the configuration file, read from the core's {@link ConfigNode}
 * tree so that every error names file, line and column:
 *
 * <pre>
 * models:
 *   - name: gpt-4o-mini
 *     provider: openai
 *     upstream: mock              # the default; or an OpenAI-compatible base URL
 *     mock_latency_ms: 50
 * keys:
 *   sk-operator: {}
 *   sk-team-a:
 *     team: team-a
 *     credentials:
 *       langfuse: { langfuse_public_key: pk-a, langfuse_secret_key: ${TEAM_A_LF_SECRET} }
 * </pre>
 */
public final class GatewayConfig {
  /** The top-level sections the gateway adds to the framework's configuration. */
  public static final Set<String> SECTIONS = Set.of("models", "keys");

  /**
   * The loader for a gateway's configuration: the framework's sections plus {@link #SECTIONS}, the
   * entries of {@code keys:} named in errors by position ({@code keys.(key #2)}), never by the key.
   */
  public static ConfigLoader loader(dev.otelpresets.core.Environment env) {
    return ConfigLoader.create(env, SECTIONS, Set.of("keys"));
  }

  static final List<String> MODEL_KEYS =
      List.of("name", "provider", "upstream", "upstream_model", "api_key", "mock_latency_ms");
  static final List<String> KEY_KEYS = List.of("team", "credentials");

  /** The {@code upstream:} value of the embedded mock model. */
  public static final String MOCK = "mock";

  private final Map<String, ModelConfig> models;
  private final Map<String, ApiKey> keys; // null: no keys section, every caller is accepted

  private GatewayConfig(Map<String, ModelConfig> models, Map<String, ApiKey> keys) {
    this.models = Collections.unmodifiableMap(models);
    this.keys = keys == null ? null : Collections.unmodifiableMap(keys);
  }

  /** One model the gateway serves. */
  public record ModelConfig(
      String name,
      String provider,
      String upstream,
      String upstreamModel,
      String apiKey,
      long mockLatencyMs) {
    /** Whether the embedded mock model answers. */
    public boolean isMock() {
      return MOCK.equals(upstream);
    }

    /** The upstream base URL (real upstreams only). */
    public URI upstreamUri() {
      return URI.create(upstream);
    }

    @Override
    public String toString() {
      // never the api key
      return "ModelConfig{"
          + name
          + ", provider="
          + provider
          + ", upstream="
          + upstream
          + (apiKey != null ? ", api_key=<redacted>" : "")
          + "}";
    }
  }

  /**
   * An API key's trusted settings: its team and the team's own backend credentials per exporter
   * owner (owner id to credential key to value). {@link #toString()} never shows a credential.
   */
  public record ApiKey(String label, String team, Map<String, Map<String, String>> credentials) {
    public ApiKey {
      Objects.requireNonNull(label, "label");
      credentials = Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
    }

    /** The tenant id to bind: the team, or the key's label when the key has no team. */
    public String tenantId() {
      return team != null ? team : label;
    }

    @Override
    public String toString() {
      return "ApiKey{"
          + label
          + (team != null ? ", team=" + team : "")
          + ", credentials for "
          + credentials.keySet()
          + "}";
    }
  }

  /** A configuration with one mock model and no keys (tests, demos). */
  public static GatewayConfig of(List<ModelConfig> models, Map<String, ApiKey> keys) {
    Map<String, ModelConfig> m = new LinkedHashMap<>();
    models.forEach(mc -> m.put(mc.name(), mc));
    return new GatewayConfig(m, keys == null ? null : new LinkedHashMap<>(keys));
  }

  /**
   * Reads {@code models:} and {@code keys:} from a configuration loaded with {@link #loader}.
   *
   * @throws ConfigException naming file, line, column and key
   */
  public static GatewayConfig from(OtelPresetsConfig config) {
    ConfigNode modelsNode = config.extensions().get("models");
    if (modelsNode == null || (modelsNode instanceof ConfigNode.ScalarNode s && s.isNull())) {
      // one line, like every configuration error
      throw new ConfigException(
          config.source()
              + ": the gateway needs a 'models:' section, e.g."
              + " models: [{name: gpt-4o-mini, provider: openai, upstream: mock}]");
    }
    Map<String, ModelConfig> models = readModels(modelsNode);
    ConfigNode keysNode = config.extensions().get("keys");
    Map<String, ApiKey> keys = keysNode == null ? null : readKeys(keysNode);
    return new GatewayConfig(models, keys);
  }

  /**
   * Refuses a tenant credential under {@code keys:} that the backend owning it would never read,
   * as {@code tenants.credentials} is refused at start: a mistyped name leaves the key's tenant
   * without its own credentials, and so its spans with the operator's backends, without a word.
   *
   * @param selection the configured presets; owners of backends not selected are left alone, as
   *     one file may serve several deployments
   * @throws ConfigException naming file, line, column and the key by position, never its text
   */
  public static void requireReadCredentials(OtelPresetsConfig config, PresetSelection selection) {
    if (!(config.extensions().get("keys") instanceof ConfigNode.MapNode keys)) {
      return; // no keys section; any other shape was refused by from()
    }
    Map<String, TenantCredentialCheck.ReadKeys> readKeys =
        TenantCredentialCheck.readKeys(selection);
    for (ConfigNode apiKey : keys.entries().values()) {
      if (!(apiKey instanceof ConfigNode.MapNode settings)
          || !(settings.get("credentials") instanceof ConfigNode.MapNode owners)) {
        continue;
      }
      for (Map.Entry<String, ConfigNode> owner : owners.entries().entrySet()) {
        TenantCredentialCheck.ReadKeys read = readKeys.get(owner.getKey());
        if (read == null || !(owner.getValue() instanceof ConfigNode.MapNode credentials)) {
          continue;
        }
        for (Map.Entry<String, ConfigNode> c : credentials.entries().entrySet()) {
          String problem =
              TenantCredentialCheck.unreadKey(owner.getKey(), c.getKey(), read, "this key");
          if (problem != null) {
            throw c.getValue().error(problem);
          }
        }
      }
    }
  }

  private static Map<String, ModelConfig> readModels(ConfigNode node) {
    if (!(node instanceof ConfigNode.ListNode list)) {
      throw node.error(
          "expected a list of models, e.g. '- name: gpt-4o-mini', but found " + node.kind());
    }
    Map<String, ModelConfig> out = new LinkedHashMap<>();
    Map<String, ConfigNode> seenAt = new LinkedHashMap<>();
    for (ConfigNode item : list.items()) {
      ConfigNode.MapNode m = item.asMap();
      for (Map.Entry<String, ConfigNode> e : m.entries().entrySet()) {
        if (!MODEL_KEYS.contains(e.getKey())) {
          throw ConfigLoader.unknownKey(m, e.getKey(), MODEL_KEYS, "in a model");
        }
      }
      ConfigNode nameNode = m.get("name");
      if (nameNode == null) {
        throw m.error("a model needs a 'name:' (the value clients send as \"model\")");
      }
      String name = ConfigLoader.string(nameNode).trim();
      if (seenAt.containsKey(name)) {
        throw nameNode.error(
            "model '"
                + name
                + "' is already defined at "
                + seenAt.get(name).location()
                + "; model names must be unique");
      }
      seenAt.put(name, nameNode);
      String provider = optional(m, "provider").orElse("openai");
      String upstream = optional(m, "upstream").orElse(MOCK).trim();
      if (!upstream.equals(MOCK)) {
        int query = indexOfQueryOrFragment(upstream);
        if (query >= 0) {
          // the gateway appends /chat/completions to the base URL, so a query would be sent as
          // part of the path; and a key in it would be printed wherever the URL is
          throw m.get("upstream")
              .error(
                  "a base URL takes no query or fragment ('"
                      + upstream.charAt(query)
                      + "…', not shown): the gateway appends /chat/completions to it. Put the"
                      + " upstream's key in api_key, e.g. upstream: https://api.openai.com/v1");
        }
        try {
          Endpoints.requireHttpUrl(upstream, "upstream");
        } catch (IllegalArgumentException ex) {
          throw m.get("upstream")
              .error(
                  ex.getMessage()
                      + ". Use 'mock' for the embedded mock"
                      + " model or an OpenAI-compatible base URL such as https://api.openai.com/v1");
        }
        upstream = Endpoints.stripTrailingSlash(upstream);
      }
      long latency = 0;
      ConfigNode latencyNode = m.get("mock_latency_ms");
      if (latencyNode != null) {
        String text = ConfigLoader.string(latencyNode).trim();
        try {
          latency = Long.parseLong(text);
        } catch (NumberFormatException ex) {
          latency = -1;
        }
        if (latency < 0 || latency > 600_000) {
          throw latencyNode.error(
              "must be a whole number of milliseconds between 0 and 600000,"
                  + " got '"
                  + text
                  + "'");
        }
      }
      out.put(
          name,
          new ModelConfig(
              name,
              provider,
              upstream,
              optional(m, "upstream_model").orElse(name),
              apiKey(m),
              latency));
    }
    if (out.isEmpty()) {
      throw node.error("the models list is empty; add at least one model");
    }
    return out;
  }

  private static Map<String, ApiKey> readKeys(ConfigNode node) {
    Map<String, ApiKey> out = new LinkedHashMap<>();
    Map<String, Integer> indexOf = new LinkedHashMap<>();
    int index = 0;
    for (Map.Entry<String, ConfigNode> e : node.asMap().entries().entrySet()) {
      index++;
      // trimmed like the key a caller presents, so a key read from a file (ending in a newline)
      // still matches; what no Authorization header can carry could never match
      String key = e.getKey().trim();
      if (key.isEmpty()) {
        throw e.getValue().error("an API key must not be empty");
      }
      Optional<String> problem = HeaderValues.problem(key);
      if (problem.isPresent()) {
        throw e.getValue()
            .error(
                "the API key "
                    + problem.get()
                    + ", so no 'Authorization: Bearer' header could carry it; "
                    + HeaderValues.FIX);
      }
      if (indexOf.containsKey(key)) {
        throw e.getValue()
            .error(
                "this API key is the same as key #"
                    + indexOf.get(key)
                    + " once surrounding whitespace is removed; remove one of them");
      }
      indexOf.put(key, index);
      ConfigNode.MapNode settings = e.getValue().asMap();
      for (Map.Entry<String, ConfigNode> s : settings.entries().entrySet()) {
        if (!KEY_KEYS.contains(s.getKey())) {
          throw ConfigLoader.unknownKey(settings, s.getKey(), KEY_KEYS, "in an API key");
        }
      }
      String team = optional(settings, "team").orElse(null);
      Map<String, Map<String, String>> credentials = new LinkedHashMap<>();
      ConfigNode credNode = settings.get("credentials");
      if (credNode != null) {
        for (Map.Entry<String, ConfigNode> owner : credNode.asMap().entries().entrySet()) {
          if (!ExporterOwner.isValidId(owner.getKey())) {
            throw owner
                .getValue()
                .error(
                    "'"
                        + owner.getKey()
                        + "' is not an exporter owner id;"
                        + " use the backend's owner, e.g. arize, langfuse, weave, phoenix");
          }
          Map<String, String> values = new LinkedHashMap<>();
          for (Map.Entry<String, ConfigNode> c : owner.getValue().asMap().entries().entrySet()) {
            if (!(c.getValue() instanceof ConfigNode.ScalarNode sc)) {
              throw c.getValue().error("expected a single value but found " + c.getValue().kind());
            }
            if (!sc.isNull() && !sc.text().isBlank()) {
              values.put(c.getKey(), sc.text());
            }
          }
          credentials.put(owner.getKey(), Collections.unmodifiableMap(values));
        }
      }
      // the label names the key in logs and spans without revealing it
      String label = team != null ? "team " + team : "key #" + index;
      out.put(key, new ApiKey(label, team, credentials));
    }
    return out;
  }

  /** Where a URL's query or fragment starts ('?' or '#'), or -1. */
  private static int indexOfQueryOrFragment(String url) {
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '?' || c == '#') {
        return i;
      }
    }
    return -1;
  }

  /** The upstream's API key, trimmed; refused (naming the key, not the value) when unusable. */
  private static String apiKey(ConfigNode.MapNode m) {
    Optional<String> key = optional(m, "api_key").map(String::trim);
    key.flatMap(HeaderValues::problem)
        .ifPresent(
            problem -> {
              throw m.get("api_key").error("the value " + problem + "; " + HeaderValues.FIX);
            });
    return key.orElse(null);
  }

  private static Optional<String> optional(ConfigNode.MapNode m, String key) {
    ConfigNode n = m.get(key);
    if (n == null || (n instanceof ConfigNode.ScalarNode s && s.isNull())) {
      return Optional.empty();
    }
    String v = ConfigLoader.string(n);
    return v.isBlank() ? Optional.empty() : Optional.of(v);
  }

  /** The models by name, in file order. */
  public Map<String, ModelConfig> models() {
    return models;
  }

  /** Whether callers must present a key from {@code keys:}. */
  public boolean requiresKeys() {
    return keys != null;
  }

  /** The key's settings, if the key is configured. */
  public Optional<ApiKey> lookup(String key) {
    return keys == null || key == null ? Optional.empty() : Optional.ofNullable(keys.get(key));
  }

  /** The configured keys' settings (never the keys themselves). */
  public List<ApiKey> keySettings() {
    return keys == null ? List.of() : new ArrayList<>(keys.values());
  }

  @Override
  public String toString() {
    return "GatewayConfig{models="
        + models.keySet()
        + ", keys="
        + (keys == null ? "none" : keys.size())
        + "}";
  }
}
