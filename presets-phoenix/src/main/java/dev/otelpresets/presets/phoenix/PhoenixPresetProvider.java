package dev.otelpresets.presets.phoenix;

import dev.otelpresets.presets.openinference.OpenInferenceMapper;
import dev.otelpresets.presets.openinference.OpenInferenceResources;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterProtocol;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetConfigurationException;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import dev.otelpresets.support.internal.AuthHeaders;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code phoenix} callback (alias {@code arize_phoenix}): Arize Phoenix over OTLP in the
 * OpenInference vocabulary.
 *
 * <p>Endpoint: {@code PHOENIX_COLLECTOR_HTTP_ENDPOINT}, else {@code PHOENIX_COLLECTOR_ENDPOINT},
 * else {@code http://localhost:6006/v1/traces}; transport rules in {@link PhoenixEndpoint}. Auth:
 * {@code Authorization: Bearer <PHOENIX_API_KEY>} when a key is set; Phoenix Cloud requires one and
 * is HTTP only. Extra headers: {@code PHOENIX_CLIENT_HEADERS} ({@link PhoenixClientHeaders}), all
 * secret; an {@code authorization} among them gives way to the API key, as in Phoenix's client
 * ({@code HTTPSpanExporter} in phoenix-otel {@code src/phoenix/otel/otel.py}). Resource overlay:
 * {@code openinference.project.name} from {@code PHOENIX_PROJECT}, else {@code
 * PHOENIX_PROJECT_NAME} (Phoenix's client reads both and prefers {@code PHOENIX_PROJECT}, {@code
 * get_env_project_name} in {@code settings.py}), else {@code default}.
 */
public final class PhoenixPresetProvider implements PresetProvider {
  public static final String NAME = "phoenix";
  public static final String DEFAULT_ENDPOINT = "http://localhost:6006/v1/traces";

  static final String API_KEY = "api_key";
  static final String COLLECTOR_ENDPOINT = "collector_endpoint";
  static final String PROJECT_NAME = "project_name";
  static final String CLIENT_HEADERS = "client_headers";

  private static final List<SettingSpec> SETTINGS =
      List.of(
          SettingSpec.builder(API_KEY)
              .env("PHOENIX_API_KEY")
              .secret()
              .description("Phoenix API key (required for Phoenix Cloud)")
              .build(),
          SettingSpec.builder(COLLECTOR_ENDPOINT)
              .env("PHOENIX_COLLECTOR_HTTP_ENDPOINT")
              .env("PHOENIX_COLLECTOR_ENDPOINT")
              .defaultValue(DEFAULT_ENDPOINT)
              .description(
                  "Phoenix collector URL; a base URL gets /v1/traces; grpc:// or port 4317"
                      + " selects gRPC")
              .build(),
          SettingSpec.builder(PROJECT_NAME)
              .env("PHOENIX_PROJECT")
              .env("PHOENIX_PROJECT_NAME")
              .defaultValue("default")
              .description(
                  "Phoenix project the traces land in (PHOENIX_PROJECT wins over its alias"
                      + " PHOENIX_PROJECT_NAME, as in Phoenix's client)")
              .build(),
          SettingSpec.builder(CLIENT_HEADERS)
              .env("PHOENIX_CLIENT_HEADERS")
              .secret()
              .description(
                  "extra headers for every export, name=value pairs separated by commas"
                      + " (percent-encoded values allowed); the API key wins over an authorization"
                      + " header here")
              .build());

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> aliases() {
    return Set.of("arize_phoenix");
  }

  @Override
  public ExporterOwner owner() {
    return ExporterOwner.PHOENIX;
  }

  @Override
  public String description() {
    return "Arize Phoenix, self-hosted or Cloud (OTLP, OpenInference vocabulary)";
  }

  @Override
  public List<SettingSpec> settings() {
    return SETTINGS;
  }

  @Override
  public Preset create(PresetSettings settings) {
    String url = settings.get(COLLECTOR_ENDPOINT).orElse(DEFAULT_ENDPOINT);
    PhoenixEndpoint endpoint;
    try {
      endpoint = PhoenixEndpoint.resolve(url, settings.describe(COLLECTOR_ENDPOINT));
    } catch (IllegalArgumentException e) {
      throw new PresetConfigurationException(e.getMessage(), e);
    }
    Optional<String> apiKey = settings.get(API_KEY);
    if (endpoint.isPhoenixCloud()) {
      if (apiKey.isEmpty()) {
        throw new PresetConfigurationException(
            "Phoenix Cloud ("
                + endpoint.endpoint()
                + ") needs an API key: set "
                + settings.describe(API_KEY)
                + " to the key from your"
                + " Phoenix Cloud space settings");
      }
      if (endpoint.protocol() == ExporterProtocol.GRPC) {
        throw new PresetConfigurationException(
            "Phoenix Cloud accepts OTLP/HTTP only: set "
                + settings.describe(COLLECTOR_ENDPOINT)
                + " to your space's https:// URL, e.g."
                + " https://app.phoenix.arize.com/s/<space>");
      }
    }
    Map<String, String> clientHeaders;
    try {
      clientHeaders =
          settings
              .get(CLIENT_HEADERS)
              .map(v -> PhoenixClientHeaders.parse(v, settings.describe(CLIENT_HEADERS)))
              .orElse(Map.of());
    } catch (IllegalArgumentException e) {
      throw new PresetConfigurationException(e.getMessage(), e);
    }
    ExporterSpec.Builder exporter =
        ExporterSpec.builder(ExporterOwner.PHOENIX)
            .protocol(endpoint.protocol())
            .endpoint(endpoint.endpoint());
    clientHeaders.forEach(
        (name, value) -> {
          if (apiKey.isEmpty() || !isAuthorization(name)) {
            exporter.secretHeader(name, value);
          }
        });
    apiKey.ifPresent(k -> exporter.secretHeader(AuthHeaders.AUTHORIZATION, AuthHeaders.bearer(k)));
    return Preset.builder(ExporterOwner.PHOENIX)
        .exporter(exporter.build())
        .mapper(OpenInferenceMapper.create())
        .resourceOverlay(OpenInferenceResources.project(settings.require(PROJECT_NAME)))
        .tenantRule(new PhoenixTenantCredentialRule())
        .build();
  }

  /** Whether a header name is {@code Authorization}, in any case. */
  static boolean isAuthorization(String name) {
    return AuthHeaders.AUTHORIZATION.equalsIgnoreCase(name);
  }
}
