package dev.otelpresets.app.gateway;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.Tenant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds an API key's tenant credentials to the current request, right after authentication,
 * through {@link GenAiTelemetry#bindTenant}: every span of the request's trace (the server span
 * included) is then exported with the tenant's credentials at the tenant's backends only.
 * Credentials are never logged: messages name the tenant and owners only.
 */
final class TenantBinding {
  private static final Logger log = LoggerFactory.getLogger(TenantBinding.class);

  private final GenAiTelemetry telemetry;

  TenantBinding(GenAiTelemetry telemetry) {
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
  }

  /** Whether the running core applies tenant credentials. */
  boolean supported() {
    return true;
  }

  /** Binds {@code key}'s tenant to the current trace; keys without credentials bind nothing. */
  void bind(GatewayConfig.ApiKey key) {
    if (key == null || key.credentials().isEmpty()) {
      return;
    }
    if (!telemetry.bindTenant(Tenant.of(key.tenantId(), key.credentials()))) {
      log.warn(
          "otel-presets gateway: no current span to bind the credentials of {} to", key.label());
    }
  }
}
