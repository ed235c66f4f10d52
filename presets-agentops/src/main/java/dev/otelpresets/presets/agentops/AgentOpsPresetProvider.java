package dev.otelpresets.presets.agentops;

import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterProtocol;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetConfigurationException;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import dev.otelpresets.support.internal.Endpoints;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The {@code agentops} preset: OTLP/HTTP to AgentOps with a JWT obtained from the API key (see
 * {@link AgentOpsExporterFactory}), the canonical {@code gen_ai.*} vocabulary plus the older GenAI
 * keys AgentOps reads ({@link AgentOpsAttributeMapper}), and the AgentOps
 * service name and environment as a resource overlay on the AgentOps exporter only (the reference
 * overwrote the process-wide service name instead).
 */
public final class AgentOpsPresetProvider implements PresetProvider {
  static final String API_KEY = "api_key";
  static final String SERVICE_NAME = "service_name";
  static final String ENVIRONMENT = "environment";
  static final String API_ENDPOINT = "api_endpoint";
  static final String EXPORTER_ENDPOINT = "exporter_endpoint";

  // The defaults of AgentOps' own Python SDK (github.com/AgentOps-AI/agentops, agentops/config.py:
  // api_endpoint and exporter_endpoint; the token path in agentops/client/api/versions/v3.py).
  static final String DEFAULT_API_ENDPOINT = "https://api.agentops.ai";
  static final String DEFAULT_EXPORTER_ENDPOINT = "https://otlp.agentops.ai/v1/traces";
  static final String DEFAULT_SERVICE_NAME = "agentops";

  static final AttributeKey<String> SERVICE_NAME_KEY = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> DEPLOYMENT_ENVIRONMENT =
      AttributeKey.stringKey("deployment.environment");

  /** Stateless: one for every AgentOps exporter. */
  static final AttributeMapper MAPPER = new AgentOpsAttributeMapper();

  private static final List<SettingSpec> SETTINGS =
      List.of(
          SettingSpec.builder(API_KEY)
              .env("AGENTOPS_API_KEY")
              .required()
              .secret()
              .description("AgentOps API key, exchanged for a JWT at {api_endpoint}/v3/auth/token")
              .build(),
          SettingSpec.builder(SERVICE_NAME)
              .env("AGENTOPS_SERVICE_NAME")
              .defaultValue(DEFAULT_SERVICE_NAME)
              .description("service.name on the spans AgentOps receives (AgentOps exporter only)")
              .build(),
          SettingSpec.builder(ENVIRONMENT)
              .env("AGENTOPS_ENVIRONMENT")
              .description("deployment.environment on the spans AgentOps receives")
              .build(),
          SettingSpec.builder(API_ENDPOINT)
              .env("AGENTOPS_API_ENDPOINT")
              .defaultValue(DEFAULT_API_ENDPOINT)
              .description("AgentOps API base URL (token endpoint)")
              .build(),
          SettingSpec.builder(EXPORTER_ENDPOINT)
              .env("AGENTOPS_EXPORTER_ENDPOINT")
              .defaultValue(DEFAULT_EXPORTER_ENDPOINT)
              .description(
                  "AgentOps OTLP/HTTP traces URL; a URL without a path (or ending in"
                      + " /v1) gets /v1/traces, a URL with another path is used as given")
              .build());

  /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
  public AgentOpsPresetProvider() {}

  @Override
  public String name() {
    return "agentops";
  }

  @Override
  public ExporterOwner owner() {
    return ExporterOwner.AGENTOPS;
  }

  @Override
  public String description() {
    return "AgentOps (OTLP/HTTP with a refreshed JWT, gen_ai.* vocabulary with AgentOps' usage and"
        + " prompt/completion keys)";
  }

  @Override
  public List<SettingSpec> settings() {
    return SETTINGS;
  }

  @Override
  public Preset create(PresetSettings settings) {
    String apiKey = settings.require(API_KEY).trim();
    String api = settings.get(API_ENDPOINT).orElse(DEFAULT_API_ENDPOINT);
    String exporterEndpoint = settings.get(EXPORTER_ENDPOINT).orElse(DEFAULT_EXPORTER_ENDPOINT);
    URI tokenUrl;
    String endpoint;
    try {
      tokenUrl =
          Endpoints.requireHttpUrl(
              Endpoints.appendPathIfMissing(api, AgentOpsTokenClient.TOKEN_PATH),
              settings.describe(API_ENDPOINT));
      endpoint =
          Endpoints.tracesUrlOrAsGiven(exporterEndpoint, settings.describe(EXPORTER_ENDPOINT));
    } catch (IllegalArgumentException e) {
      throw new PresetConfigurationException(e.getMessage(), e);
    }

    ExporterSpec spec =
        ExporterSpec.builder(ExporterOwner.AGENTOPS)
            .protocol(ExporterProtocol.HTTP_PROTOBUF)
            .endpoint(endpoint)
            .customFactory(new AgentOpsExporterFactory(tokenUrl, apiKey))
            .build();

    AttributesBuilder overlay =
        Attributes.builder()
            .put(SERVICE_NAME_KEY, settings.get(SERVICE_NAME).orElse(DEFAULT_SERVICE_NAME).trim());
    Optional<String> environment = settings.get(ENVIRONMENT).map(String::trim);
    environment.ifPresent(e -> overlay.put(DEPLOYMENT_ENVIRONMENT, e));
    return Preset.builder(ExporterOwner.AGENTOPS)
        .exporter(spec)
        .mapper(MAPPER)
        .resourceOverlay(overlay.build())
        .build();
  }
}
