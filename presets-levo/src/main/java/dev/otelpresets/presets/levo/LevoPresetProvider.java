package dev.otelpresets.presets.levo;

import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterProtocol;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetConfigurationException;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import dev.otelpresets.support.internal.AuthHeaders;
import dev.otelpresets.support.internal.Endpoints;
import dev.otelpresets.support.internal.HeaderValues;
import java.util.List;

/**
 * The {@code levo} preset: OTLP/HTTP to the organisation's Levo collector with a Bearer API key and
 * the organisation and workspace headers. Levo reads the canonical {@code gen_ai.*} vocabulary, so
 * spans go out unchanged.
 */
public final class LevoPresetProvider implements PresetProvider {
  static final String API_KEY = "api_key";
  static final String ORG_ID = "org_id";
  static final String WORKSPACE_ID = "workspace_id";
  static final String COLLECTOR_URL = "collector_url";

  static final String ORG_HEADER = "x-levo-organization-id";
  static final String WORKSPACE_HEADER = "x-levo-workspace-id";

  private static final List<SettingSpec> SETTINGS =
      List.of(
          SettingSpec.builder(API_KEY)
              .env("LEVOAI_API_KEY")
              .required()
              .secret()
              .description("Levo API key, sent as a Bearer token")
              .build(),
          SettingSpec.builder(ORG_ID)
              .env("LEVOAI_ORG_ID")
              .required()
              .description("Levo organization id (x-levo-organization-id)")
              .build(),
          SettingSpec.builder(WORKSPACE_ID)
              .env("LEVOAI_WORKSPACE_ID")
              .required()
              .description("Levo workspace id (x-levo-workspace-id)")
              .build(),
          SettingSpec.builder(COLLECTOR_URL)
              .env("LEVOAI_COLLECTOR_URL")
              .required()
              .description(
                  "Levo collector URL; a URL without a path (or ending in /v1) gets /v1/traces,"
                      + " a URL with another path is used as given")
              .build());

  /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
  public LevoPresetProvider() {}

  @Override
  public String name() {
    return "levo";
  }

  @Override
  public ExporterOwner owner() {
    return ExporterOwner.LEVO;
  }

  @Override
  public String description() {
    return "Levo AI (OTLP/HTTP to your Levo collector, canonical gen_ai.* vocabulary)";
  }

  @Override
  public List<SettingSpec> settings() {
    return SETTINGS;
  }

  @Override
  public Preset create(PresetSettings settings) {
    String apiKey = settings.require(API_KEY);
    String orgId = settings.require(ORG_ID).trim();
    String workspaceId = settings.require(WORKSPACE_ID).trim();
    String endpoint;
    try {
      endpoint = tracesUrl(settings.require(COLLECTOR_URL), settings.describe(COLLECTOR_URL));
    } catch (IllegalArgumentException e) {
      throw new PresetConfigurationException(
          e.getMessage() + "; use the collector URL Levo gave you", e);
    }
    ExporterSpec spec;
    try {
      spec =
          ExporterSpec.builder(ExporterOwner.LEVO)
              .protocol(ExporterProtocol.HTTP_PROTOBUF)
              .endpoint(endpoint)
              .secretHeader(AuthHeaders.AUTHORIZATION, AuthHeaders.bearer(apiKey.trim()))
              .header(ORG_HEADER, HeaderValues.clean(orgId, settings.describe(ORG_ID)))
              .header(
                  WORKSPACE_HEADER,
                  HeaderValues.clean(workspaceId, settings.describe(WORKSPACE_ID)))
              .build();
    } catch (IllegalArgumentException e) {
      // a header value the settings check let through (non-ASCII in an id): the user's to fix
      throw new PresetConfigurationException(e.getMessage(), e);
    }
    return Preset.builder(ExporterOwner.LEVO)
        .exporter(spec)
        .mapper(AttributeMapper.canonical())
        .build();
  }

  /**
   * The collector URL, completed to {@code /v1/traces} only when it has no path (or ends in {@code
   * /v1}): Levo hands out full collector URLs (the reference used them as is), and a bare {@code
   * https://host:4318} still works.
   *
   * @throws IllegalArgumentException if the URL is not an absolute http(s) URL
   */
  static String tracesUrl(String collectorUrl, String what) {
    return Endpoints.tracesUrlOrAsGiven(collectorUrl, what);
  }
}
