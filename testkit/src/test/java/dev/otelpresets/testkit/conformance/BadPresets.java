package dev.otelpresets.testkit.conformance;

import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterProtocol;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import dev.otelpresets.support.internal.AuthHeaders;
import dev.otelpresets.support.internal.Endpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Presets with one authoring mistake each (registered in this module's test resources), for the
 * tests that the conformance suite fails them; {@link Good} is the same preset without a mistake.
 * Each reads {@code <NAME>_ENDPOINT} and {@code <NAME>_API_KEY} (secret) except where said.
 */
final class BadPresets {
  private BadPresets() {}

  /** The shared, correct part: an OTLP/HTTP exporter to the endpoint with a Bearer key. */
  abstract static class Base implements PresetProvider {
    private final String name;

    Base(String name) {
      this.name = name;
    }

    String env(String suffix) {
      return name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_" + suffix;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public ExporterOwner owner() {
      return ExporterOwner.of(name);
    }

    @Override
    public String description() {
      return "a conformance-suite test preset";
    }

    @Override
    public List<SettingSpec> settings() {
      return List.of(
          SettingSpec.builder("endpoint")
              .env(env("ENDPOINT"))
              .required()
              .description("base URL")
              .build(),
          SettingSpec.builder("api_key")
              .env(env("API_KEY"))
              .required()
              .secret()
              .description("the key")
              .build());
    }

    String tracesUrl(PresetSettings settings) {
      return Endpoints.appendPathIfMissing(settings.require("endpoint"), "/v1/traces");
    }

    ExporterSpec.Builder exporter(PresetSettings settings) {
      return ExporterSpec.builder(owner())
          .protocol(ExporterProtocol.HTTP_PROTOBUF)
          .endpoint(tracesUrl(settings));
    }

    @Override
    public Preset create(PresetSettings settings) {
      return Preset.builder(owner())
          .exporter(
              exporter(settings)
                  .secretHeader(
                      AuthHeaders.AUTHORIZATION, AuthHeaders.bearer(settings.require("api_key")))
                  .build())
          .build();
    }
  }

  /** No mistake. */
  public static final class Good extends Base {
    public Good() {
      super("cfm-good");
    }
  }

  /**
   * The credential setting is called {@code auth} (no key/secret/token/password in its name), is
   * not flagged secret, and is sent as the Authorization header with {@code header(...)}.
   */
  public static final class UnflaggedCredential extends Base {
    public UnflaggedCredential() {
      super("cfm-unflagged-credential");
    }

    @Override
    public List<SettingSpec> settings() {
      return List.of(
          SettingSpec.builder("endpoint")
              .env(env("ENDPOINT"))
              .required()
              .description("base URL")
              .build(),
          SettingSpec.builder("auth")
              .env(env("AUTH"))
              .required()
              .description("the credential")
              .build());
    }

    @Override
    public Preset create(PresetSettings settings) {
      return Preset.builder(owner())
          .exporter(exporter(settings).header("X-Api-Auth", settings.require("auth")).build())
          .build();
    }
  }

  /**
   * The same credential under a header name that says nothing ({@code X-Tenant}): only the
   * header's value, a non-secret setting's, gives it away.
   */
  public static final class UnflaggedCredentialPlainHeader extends Base {
    public UnflaggedCredentialPlainHeader() {
      super("cfm-unflagged-plain-header");
    }

    @Override
    public List<SettingSpec> settings() {
      return List.of(
          SettingSpec.builder("endpoint")
              .env(env("ENDPOINT"))
              .required()
              .description("base URL")
              .build(),
          SettingSpec.builder("access")
              .env(env("ACCESS"))
              .required()
              .description("the credential")
              .build());
    }

    @Override
    public Preset create(PresetSettings settings) {
      return Preset.builder(owner())
          .exporter(exporter(settings).header("X-Tenant", settings.require("access")).build())
          .build();
    }
  }

  /** Resolves the endpoint's host in create(), "to fail fast". */
  public static final class LooksUpHost extends Base {
    public LooksUpHost() {
      super("cfm-dns-lookup");
    }

    @Override
    public Preset create(PresetSettings settings) {
      try {
        InetAddress.getByName(URI.create(tracesUrl(settings)).getHost());
      } catch (UnknownHostException e) {
        // failing fast is the point of the mistake; the lookup itself is what the suite sees
      }
      return super.create(settings);
    }
  }

  /** Reads a file in create() (as if loading a CA certificate). */
  public static final class ReadsFile extends Base {
    /** The file it reads; the test creates it. */
    static final Path FILE =
        Path.of(System.getProperty("java.io.tmpdir"), "otel-presets-cfm-reads-file.pem");

    public ReadsFile() {
      super("cfm-reads-file");
    }

    @Override
    public Preset create(PresetSettings settings) {
      try {
        Files.readString(FILE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return super.create(settings);
    }
  }
}
