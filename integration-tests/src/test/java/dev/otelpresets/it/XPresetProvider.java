package dev.otelpresets.it;

import dev.otelpresets.spi.CustomExporterFactory;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.InvalidTenantCredentialsException;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import dev.otelpresets.spi.TenantCredentialRule;
import dev.otelpresets.support.internal.AuthHeaders;
import dev.otelpresets.support.internal.Endpoints;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A third-party-style test preset: owner {@code x}, OTLP/HTTP to {@code X_ENDPOINT}, a bearer
 * token, a mapper adding {@code x.*} keys and a resource overlay. For fault tests, {@code
 * X_FAULT} makes its transport throw ({@link #faulty}) and {@code X_TIMEOUT_MS} sets its export
 * timeout (a hang that outlasts the shutdown limit).
 */
public final class XPresetProvider implements PresetProvider {
  static final ExporterOwner OWNER = ExporterOwner.of("x");
  static final AttributeKey<String> X_KIND = AttributeKey.stringKey("x.kind");
  static final AttributeKey<String> X_MODEL = AttributeKey.stringKey("x.model");

  @Override
  public String name() {
    return "x";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("x_otel");
  }

  @Override
  public ExporterOwner owner() {
    return OWNER;
  }

  @Override
  public List<SettingSpec> settings() {
    return List.of(
        SettingSpec.builder("endpoint").env("X_ENDPOINT").required().build(),
        SettingSpec.builder("token").env("X_TOKEN").required().secret().build(),
        SettingSpec.builder("fault").env("X_FAULT").build(),
        SettingSpec.builder("timeout_ms").env("X_TIMEOUT_MS").build());
  }

  @Override
  public Preset create(PresetSettings settings) {
    ExporterSpec.Builder spec =
        ExporterSpec.builder(OWNER)
            .endpoint(
                Endpoints.appendPathIfMissing(settings.require("endpoint"), Endpoints.TRACES_PATH))
            .secretHeader(AuthHeaders.AUTHORIZATION, AuthHeaders.bearer(settings.require("token")));
    settings.get("fault").ifPresent(fault -> spec.customFactory(faulty(fault)));
    settings
        .get("timeout_ms")
        .ifPresent(ms -> spec.timeout(java.time.Duration.ofMillis(Long.parseLong(ms))));
    return Preset.builder(OWNER)
        .exporter(spec.build())
        .mapper(XPresetProvider::map)
        .resourceOverlay(Attributes.of(AttributeKey.stringKey("x.project"), "proj-x"))
        .tenantRule(new XTenantRule())
        .build();
  }

  /**
   * A transport that fails the way a value the OTLP client refuses makes it fail: {@code build}
   * throws while the exporter is built, {@code export} throws from every export — both with a
   * message quoting the authorization header, as OkHttp's header check does.
   */
  static CustomExporterFactory faulty(String fault) {
    return (spec, otlp) -> {
      IllegalArgumentException refused =
          new IllegalArgumentException("Unexpected char 0x0a in header value: " + spec.headers());
      if (fault.equals("build")) {
        throw refused;
      }
      if (!fault.equals("export")) {
        throw new IllegalStateException("unknown x fault " + fault);
      }
      return new SpanExporter() {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
          throw refused;
        }

        @Override
        public CompletableResultCode flush() {
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
          return CompletableResultCode.ofSuccess();
        }
      };
    };
  }

  /**
   * Tenant keys: {@code x_token} (required), {@code x_project} (routes via the resource),
   * {@code x_host} (another endpoint host, subject to the operator's allowlist), {@code x_fault}
   * ({@code build} or {@code export}: the tenant's transport throws, see {@link #faulty}).
   */
  static final class XTenantRule implements TenantCredentialRule {
    @Override
    public Set<String> credentialKeys() {
      return Set.of("x_token", "x_project", "x_host", "x_fault");
    }

    @Override
    public Optional<ExporterSpec> apply(ExporterSpec staticSpec, Map<String, String> creds) {
      String token = creds.get("x_token");
      if (token == null) {
        throw new InvalidTenantCredentialsException(
            "x_token is missing (x_project alone is not a credential set)");
      }
      ExporterSpec.Builder b =
          staticSpec.toBuilder().secretHeader(AuthHeaders.AUTHORIZATION, AuthHeaders.bearer(token));
      String host = creds.get("x_host");
      if (host != null) {
        b.endpoint(host + Endpoints.TRACES_PATH);
      }
      String fault = creds.get("x_fault");
      b.customFactory(fault == null ? null : faulty(fault)); // not the operator's X_FAULT
      return Optional.of(b.build());
    }

    @Override
    public Attributes resourceOverlay(Map<String, String> creds) {
      String project = creds.get("x_project");
      return project == null
          ? Attributes.empty()
          : Attributes.of(AttributeKey.stringKey("x.project"), project);
    }
  }

  static Attributes map(
      io.opentelemetry.sdk.trace.data.SpanData span,
      dev.otelpresets.spi.genai.GenAiContent content,
      int limit) {
    String op = span.getAttributes().get(GenAiAttributes.OPERATION_NAME);
    var b = span.getAttributes().toBuilder().put(X_KIND, op == null ? "span" : "llm");
    String model = span.getAttributes().get(GenAiAttributes.REQUEST_MODEL);
    if (model != null) {
      b.put(X_MODEL, model);
    }
    return b.build();
  }
}
