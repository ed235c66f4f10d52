package dev.otelpresets.app;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import dev.otelpresets.support.internal.AuthHeaders;
import java.util.List;

/**
 * A plugin preset (loaded through {@code --preset-path} in tests) whose API key is required for
 * its hosted service only: {@code api_key} is required unless {@code endpoint} is set.
 */
public final class SelfHostedTestPreset implements PresetProvider {
  static final ExporterOwner OWNER = ExporterOwner.of("self-hosted-test");

  @Override
  public String name() {
    return "self-hosted-test";
  }

  @Override
  public ExporterOwner owner() {
    return OWNER;
  }

  @Override
  public List<SettingSpec> settings() {
    return List.of(
        SettingSpec.builder("api_key")
            .env("SELF_HOSTED_TEST_API_KEY")
            .secret()
            .requiredUnless("endpoint")
            .description("the hosted service's key")
            .build(),
        SettingSpec.builder("endpoint")
            .env("SELF_HOSTED_TEST_ENDPOINT")
            .defaultValue("https://cloud.example.com/v1/traces")
            .description("your own server instead of the hosted service")
            .build());
  }

  @Override
  public Preset create(PresetSettings settings) {
    ExporterSpec.Builder spec = ExporterSpec.builder(OWNER).endpoint(settings.require("endpoint"));
    settings
        .get("api_key")
        .ifPresent(k -> spec.secretHeader(AuthHeaders.AUTHORIZATION, AuthHeaders.bearer(k)));
    return Preset.builder(OWNER).exporter(spec.build()).build();
  }
}
