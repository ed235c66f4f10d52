package com.example.langwatch;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterProtocol;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetConfigurationException;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import java.util.List;

/**
 * The {@code langwatch} preset: OTLP/HTTP to {@code {LANGWATCH_ENDPOINT}/api/otel/v1/traces}
 * (default {@code https://app.langwatch.ai}) with {@code Authorization: Bearer <LANGWATCH_API_KEY>},
 * the canonical {@code gen_ai.*} attributes plus LangWatch's own keys (see {@link
 * LangWatchAttributeMapper}), and a tenant rule for a tenant's own LangWatch project key.
 */
public final class LangWatchPresetProvider implements PresetProvider {
  /** This preset's owner: its own id, never a built-in one ({@link #owner()}'s default). */
  public static final ExporterOwner OWNER = ExporterOwner.of("langwatch");

  public static final String DEFAULT_ENDPOINT = "https://app.langwatch.ai";
  public static final String TRACES_PATH = "/api/otel/v1/traces";

  static final String API_KEY = "api_key";
  static final String ENDPOINT = "endpoint";

  private static final List<SettingSpec> SETTINGS =
      List.of(
          SettingSpec.builder(API_KEY)
              .env("LANGWATCH_API_KEY")
              .required()
              .secret()
              .description("LangWatch project API key, sent as a Bearer token")
              .build(),
          SettingSpec.builder(ENDPOINT)
              .env("LANGWATCH_ENDPOINT")
              .defaultValue(DEFAULT_ENDPOINT)
              .description(
                  "LangWatch base URL (self-hosted: your instance); "
                      + TRACES_PATH
                      + " is appended")
              .build());

  /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
  public LangWatchPresetProvider() {}

  @Override
  public String name() {
    return "langwatch";
  }

  @Override
  public String description() {
    return "LangWatch (OTLP/HTTP, gen_ai.* plus langwatch.* keys)";
  }

  @Override
  public List<SettingSpec> settings() {
    return SETTINGS;
  }

  @Override
  public Preset create(PresetSettings settings) {
    String apiKey = settings.require(API_KEY).trim();
    String endpoint =
        tracesUrl(settings.get(ENDPOINT).orElse(DEFAULT_ENDPOINT), settings.describe(ENDPOINT));
    ExporterSpec spec =
        ExporterSpec.builder(OWNER)
            .protocol(ExporterProtocol.HTTP_PROTOBUF)
            .endpoint(endpoint)
            .secretHeader("Authorization", "Bearer " + apiKey)
            .build();
    return Preset.builder(OWNER)
        .exporter(spec)
        .mapper(new LangWatchAttributeMapper())
        .tenantRule(new LangWatchTenantCredentialRule())
        .build();
  }

  /** {@code https://} added when no scheme is given, {@code /api/otel/v1/traces} appended. */
  static String tracesUrl(String base, String what) {
    String url = base.trim();
    url = url.contains("://") ? url : "https://" + url;
    url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    url = url.endsWith(TRACES_PATH) ? url : url + TRACES_PATH;
    try {
      ExporterSpec.requireHttpUrl(url, what);
    } catch (IllegalArgumentException e) {
      throw new PresetConfigurationException(
          e.getMessage() + "; use your LangWatch URL, e.g. " + DEFAULT_ENDPOINT, e);
    }
    return url;
  }
}
