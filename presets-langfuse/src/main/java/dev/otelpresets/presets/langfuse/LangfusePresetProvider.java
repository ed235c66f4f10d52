package dev.otelpresets.presets.langfuse;

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
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code langfuse} preset (alias {@code langfuse_otel}, the reference's name): OTLP/HTTP to
 * Langfuse's OpenTelemetry endpoint with Basic auth from the project's key pair, and the {@link
 * LangfuseAttributeMapper} vocabulary. Langfuse has no gRPC ingestion and ingests traces only.
 */
public final class LangfusePresetProvider implements PresetProvider {
  /** Header Langfuse requires of direct OTel exporters for its current (real-time) ingestion. */
  static final String INGESTION_VERSION_HEADER = "x-langfuse-ingestion-version";

  static final String INGESTION_VERSION = "4";

  static final String PUBLIC_KEY = "public_key";
  static final String SECRET_KEY = "secret_key";
  static final String HOST = "host";
  static final String ENVIRONMENT = "environment";

  // Langfuse's rule for environments: lower case letters, digits, '-' and '_', not starting with
  // "langfuse" (reserved). Rejected here so a typo fails at startup, not silently at ingestion.
  private static final Pattern ENVIRONMENT_PATTERN = Pattern.compile("(?!langfuse)[a-z0-9_-]+");

  private static final List<SettingSpec> SETTINGS =
      List.of(
          SettingSpec.builder(PUBLIC_KEY)
              .env("LANGFUSE_PUBLIC_KEY")
              .required()
              .secret()
              .description("Langfuse project public key (pk-lf-...)")
              .build(),
          SettingSpec.builder(SECRET_KEY)
              .env("LANGFUSE_SECRET_KEY")
              .required()
              .secret()
              .description("Langfuse project secret key (sk-lf-...)")
              .build(),
          SettingSpec.builder(HOST)
              .env("LANGFUSE_OTEL_HOST")
              .env("LANGFUSE_HOST")
              .defaultValue(LangfuseEndpoints.DEFAULT_HOST)
              .description(
                  "Langfuse host; https:// is added when no scheme is given and it is"
                      + " completed to {host}/api/public/otel/v1/traces (a host ending in"
                      + " /api/public/otel or the full traces URL is used as is)")
              .build(),
          SettingSpec.builder(ENVIRONMENT)
              .env("LANGFUSE_TRACING_ENVIRONMENT")
              .description(
                  "Langfuse environment written as langfuse.environment on every span"
                      + " (lower case letters, digits, '-', '_')")
              .build());

  /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
  public LangfusePresetProvider() {}

  @Override
  public String name() {
    return "langfuse";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("langfuse_otel");
  }

  @Override
  public ExporterOwner owner() {
    return ExporterOwner.LANGFUSE;
  }

  @Override
  public String description() {
    return "Langfuse (OTLP/HTTP, langfuse.* observation vocabulary)";
  }

  @Override
  public List<SettingSpec> settings() {
    return SETTINGS;
  }

  @Override
  public Preset create(PresetSettings settings) {
    String publicKey = settings.require(PUBLIC_KEY);
    String secretKey = settings.require(SECRET_KEY);
    String host = settings.get(HOST).orElse(LangfuseEndpoints.DEFAULT_HOST);
    String endpoint;
    try {
      endpoint = LangfuseEndpoints.tracesUrl(host, settings.describe(HOST));
    } catch (IllegalArgumentException e) {
      throw new PresetConfigurationException(
          e.getMessage() + "; set it to your Langfuse host, e.g. https://cloud.langfuse.com", e);
    }
    Optional<String> environment = settings.get(ENVIRONMENT).map(String::trim);
    if (environment.isPresent() && !ENVIRONMENT_PATTERN.matcher(environment.get()).matches()) {
      throw new PresetConfigurationException(
          settings.describe(ENVIRONMENT)
              + ": '"
              + environment.get()
              + "' is not a valid Langfuse environment; use lower case letters, digits, '-' and"
              + " '_', not starting with 'langfuse' (e.g. production, staging)");
    }

    ExporterSpec spec =
        ExporterSpec.builder(ExporterOwner.LANGFUSE)
            .protocol(ExporterProtocol.HTTP_PROTOBUF)
            .endpoint(endpoint)
            .secretHeader(AuthHeaders.AUTHORIZATION, AuthHeaders.basic(publicKey, secretKey))
            .header(INGESTION_VERSION_HEADER, INGESTION_VERSION)
            .build();
    return Preset.builder(ExporterOwner.LANGFUSE)
        .exporter(spec)
        .mapper(new LangfuseAttributeMapper(environment.orElse(null)))
        .tenantRule(new LangfuseTenantCredentialRule())
        .build();
  }
}
