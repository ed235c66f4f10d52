package dev.otelpresets.presets.weave;

import dev.otelpresets.presets.openinference.OpenInferenceMapper;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterProtocol;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetConfigurationException;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import dev.otelpresets.support.internal.Endpoints;
import dev.otelpresets.support.internal.HeaderValues;
import java.util.List;
import java.util.Set;

/**
 * The {@code weave} callback (alias {@code weave_otel}): W&B Weave's OTLP/HTTP endpoint {@code
 * {WANDB_HOST}/otel/v1/traces} (default host {@code https://trace.wandb.ai}; a dedicated instance
 * sets e.g. {@code https://acme.wandb.io/traces}; a host already ending in {@code /otel} or the
 * full traces URL is not completed twice). Auth and routing: see {@link WeaveProject}.
 * Vocabulary: OpenInference plus the Weave keys of {@link WeaveExtension}.
 */
public final class WeavePresetProvider implements PresetProvider {
  public static final String NAME = "weave";
  public static final String DEFAULT_HOST = "https://trace.wandb.ai";

  /** The path before {@code /v1/traces} on a W&B trace host. */
  static final String OTEL_PREFIX = "/otel";

  static final String API_KEY = "api_key";
  static final String PROJECT_ID = "project_id";
  static final String HOST = "host";

  private static final List<SettingSpec> SETTINGS =
      List.of(
          SettingSpec.builder(API_KEY)
              .env("WANDB_API_KEY")
              .required()
              .secret()
              .description("W&B API key")
              .build(),
          SettingSpec.builder(PROJECT_ID)
              .env("WANDB_PROJECT_ID")
              .required()
              .description("W&B project as entity/project")
              .build(),
          SettingSpec.builder(HOST)
              .env("WANDB_HOST")
              .defaultValue(DEFAULT_HOST)
              .description(
                  "W&B trace host; completed to {host}/otel/v1/traces (a host ending in"
                      + " /otel or the full traces URL is used as is)")
              .build());

  /**
   * A Weave exporter's mapper: one per exporter, as its state (the calls' values on their way to
   * the trace's root) must reach no other exporter, one with another content policy say.
   */
  static OpenInferenceMapper mapper() {
    return OpenInferenceMapper.builder().addExtension(new WeaveExtension()).build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> aliases() {
    return Set.of("weave_otel");
  }

  @Override
  public ExporterOwner owner() {
    return ExporterOwner.WEAVE;
  }

  @Override
  public String description() {
    return "W&B Weave (OTLP/HTTP, OpenInference vocabulary + Weave keys)";
  }

  @Override
  public List<SettingSpec> settings() {
    return SETTINGS;
  }

  @Override
  public Preset create(PresetSettings settings) {
    String apiKey = settings.require(API_KEY);
    String projectId = settings.require(PROJECT_ID);
    WeaveProject project =
        WeaveProject.parse(projectId)
            .orElseThrow(
                () ->
                    new PresetConfigurationException(
                        settings.describe(PROJECT_ID)
                            + " must be"
                            + " 'entity/project' (your W&B team or user name, a slash, the project name), e.g."
                            + " 'my-team/my-project'; got '"
                            + projectId
                            + "'"));
    String host = Endpoints.withDefaultScheme(settings.require(HOST));
    String endpoint;
    try {
      endpoint = Endpoints.tracesUrl(host, OTEL_PREFIX, settings.describe(HOST));
    } catch (IllegalArgumentException e) {
      throw new PresetConfigurationException(e.getMessage(), e);
    }
    ExporterSpec.Builder exporter =
        ExporterSpec.builder(ExporterOwner.WEAVE)
            .protocol(ExporterProtocol.HTTP_PROTOBUF)
            .endpoint(endpoint);
    try {
      // the project id travels in a header: non-ASCII passes the settings check but not this one
      HeaderValues.clean(project.id(), settings.describe(PROJECT_ID));
    } catch (IllegalArgumentException e) {
      throw new PresetConfigurationException(e.getMessage(), e);
    }
    project.applyHeaders(exporter, apiKey);
    return Preset.builder(ExporterOwner.WEAVE)
        .exporter(exporter.build())
        .mapper(mapper())
        .resourceOverlay(project.resource())
        .tenantRule(new WeaveTenantCredentialRule())
        .build();
  }
}
