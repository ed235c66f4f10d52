package dev.otelpresets.presets.arize;

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
import dev.otelpresets.support.internal.Endpoints;
import dev.otelpresets.support.internal.UnsetSettingNotes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.List;
import java.util.Optional;

/**
 * The {@code arize} callback: Arize AX over OTLP, in the OpenInference vocabulary.
 *
 * <p>Endpoint rules: gRPC to {@code https://otlp.arize.com/v1} by default; {@code ARIZE_ENDPOINT}
 * replaces the gRPC endpoint; {@code ARIZE_HTTP_ENDPOINT} alone switches to OTLP/HTTP at that URL
 * ({@code /v1/traces} appended when missing, see {@link Endpoints#tracesUrl}). When both are set
 * the gRPC endpoint wins, as in the reference. Auth and the {@code arize-interface: otel} header:
 * see {@link ArizeHeaders}. Resource overlay: {@link #projectResource}; a tenant's project: see
 * {@link ArizeTenantCredentialRule}. Neither endpoint declares a default, which would count as set
 * and hide the choice of protocol: {@link #whenUnset} states it for {@code otel-presets presets}.
 */
public final class ArizePresetProvider implements PresetProvider, UnsetSettingNotes {
  /** The callback name. */
  public static final String NAME = "arize";

  /** Arize AX's OTLP gRPC endpoint. */
  public static final String DEFAULT_GRPC_ENDPOINT = "https://otlp.arize.com/v1";

  /** Resource attribute older Arize ingestion routes by. */
  public static final AttributeKey<String> MODEL_ID = AttributeKey.stringKey("model_id");

  static final String SPACE_ID = "space_id";
  static final String API_KEY = "api_key";
  static final String PROJECT_NAME = "project_name";
  static final String ENDPOINT = "endpoint";
  static final String HTTP_ENDPOINT = "http_endpoint";

  private static final List<SettingSpec> SETTINGS =
      List.of(
          SettingSpec.builder(SPACE_ID)
              .env("ARIZE_SPACE_ID")
              .env("ARIZE_SPACE_KEY")
              .required()
              .secret()
              .description("Arize space id (ARIZE_SPACE_KEY is the older name)")
              .build(),
          SettingSpec.builder(API_KEY)
              .env("ARIZE_API_KEY")
              .required()
              .secret()
              .description("Arize API key")
              .build(),
          SettingSpec.builder(PROJECT_NAME)
              .env("ARIZE_PROJECT_NAME")
              .defaultValue("default")
              .description("Arize project the traces land in")
              .build(),
          SettingSpec.builder(ENDPOINT)
              .env("ARIZE_ENDPOINT")
              .description("OTLP gRPC endpoint (default " + DEFAULT_GRPC_ENDPOINT + ")")
              .build(),
          SettingSpec.builder(HTTP_ENDPOINT)
              .env("ARIZE_HTTP_ENDPOINT")
              .description("OTLP/HTTP endpoint; used, over HTTP, when no gRPC endpoint is set")
              .build());

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ExporterOwner owner() {
    return ExporterOwner.ARIZE;
  }

  @Override
  public String description() {
    return "Arize AX (OTLP gRPC or HTTP, OpenInference vocabulary)";
  }

  @Override
  public List<SettingSpec> settings() {
    return SETTINGS;
  }

  @Override
  public Optional<String> whenUnset(String key) {
    return switch (key) {
      case ENDPOINT ->
          Optional.of(
              "default: " + DEFAULT_GRPC_ENDPOINT + " (gRPC) unless " + HTTP_ENDPOINT + " is set");
      case HTTP_ENDPOINT -> Optional.of("not set (spans go over gRPC to " + ENDPOINT + ")");
      default -> Optional.empty();
    };
  }

  @Override
  public Preset create(PresetSettings settings) {
    String spaceId = settings.require(SPACE_ID);
    String apiKey = settings.require(API_KEY);
    String project = settings.require(PROJECT_NAME);
    ExporterSpec.Builder exporter = ExporterSpec.builder(ExporterOwner.ARIZE);
    Optional<String> grpc = settings.get(ENDPOINT);
    Optional<String> http = settings.get(HTTP_ENDPOINT);
    if (grpc.isPresent() || http.isEmpty()) {
      exporter
          .protocol(ExporterProtocol.GRPC)
          .endpoint(url(grpc.orElse(DEFAULT_GRPC_ENDPOINT), settings, ENDPOINT, false));
    } else {
      exporter
          .protocol(ExporterProtocol.HTTP_PROTOBUF)
          .endpoint(url(http.get(), settings, HTTP_ENDPOINT, true));
    }
    exporter.header(ArizeHeaders.INTERFACE, ArizeHeaders.INTERFACE_OTEL);
    ArizeHeaders.apply(exporter, spaceId, apiKey);
    return Preset.builder(ExporterOwner.ARIZE)
        .exporter(exporter.build())
        .mapper(OpenInferenceMapper.create())
        .resourceOverlay(projectResource(project))
        .tenantRule(new ArizeTenantCredentialRule())
        .build();
  }

  /**
   * The resource attributes routing spans to {@code project}: {@code openinference.project.name}
   * and, for older Arize ingestion, {@code model_id}. The operator's come from {@code
   * ARIZE_PROJECT_NAME}; a tenant's {@code arize_project_name} replaces both on its spans.
   */
  static Attributes projectResource(String project) {
    return Attributes.builder()
        .putAll(OpenInferenceResources.project(project))
        .put(MODEL_ID, project)
        .build();
  }

  /**
   * The URL of {@code key}, with {@code https://} added when it has no scheme; for HTTP completed
   * to {@code /v1/traces} (Arize's documented base {@code https://otlp.arize.com/v1} only gets
   * {@code /traces}), see {@link Endpoints#tracesUrl}.
   */
  private static String url(String value, PresetSettings settings, String key, boolean http) {
    String url = Endpoints.withDefaultScheme(value);
    try {
      if (http) {
        return Endpoints.tracesUrl(url, "", settings.describe(key));
      }
      Endpoints.requireHttpUrl(url, settings.describe(key));
    } catch (IllegalArgumentException e) {
      throw new PresetConfigurationException(e.getMessage(), e);
    }
    return url;
  }
}
