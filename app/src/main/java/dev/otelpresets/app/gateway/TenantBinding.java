package dev.otelpresets.app.gateway;

import dev.otelpresets.core.GenAiTelemetry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a tenant's trusted credentials to the current request, right after authentication: THE
 * single call site of the core's tenant API.
 *
 * <p>TODO(tenant API): the core is gaining {@code GenAiTelemetry.bindTenant(String tenantId,
 * Map<String, Map<String, String>> credentialsByOwner)} returning a scope. Until it is on {@code
 * GenAiTelemetry} this class finds that method reflectively on the running instance, so the
 * gateway starts routing tenant spans the moment the core has it; once it is part of the
 * interface, replace the body of {@link #bind} with the direct call:
 *
 * <pre>{@code
 * return telemetry.bindTenant(tenantId, credentialsByOwner)::close;
 * }</pre>
 *
 * Credentials are never logged: messages name the tenant and owners only.
 */
final class TenantBinding {
  private static final Logger log = LoggerFactory.getLogger(TenantBinding.class);
  private static final AutoCloseableScope NOOP = () -> { };

  /** A scope that closes without checked exceptions. */
  @FunctionalInterface
  interface AutoCloseableScope extends AutoCloseable {
    @Override
    void close();
  }

  private final GenAiTelemetry telemetry;
  private final Method bindTenant; // null when the core has no tenant API yet
  private final AtomicBoolean warned = new AtomicBoolean();

  TenantBinding(GenAiTelemetry telemetry) {
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    this.bindTenant = find(telemetry);
  }

  private static Method find(GenAiTelemetry telemetry) {
    try {
      Method m = telemetry.getClass().getMethod("bindTenant", String.class, Map.class);
      return AutoCloseable.class.isAssignableFrom(m.getReturnType()) ? m : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** Whether the running core applies tenant credentials. */
  boolean supported() {
    return bindTenant != null;
  }

  /**
   * Binds {@code key}'s tenant for the current request; close the result when the request ends.
   * Keys without credentials bind nothing.
   */
  AutoCloseableScope bind(GatewayConfig.ApiKey key) {
    if (key == null || key.credentials().isEmpty()) {
      return NOOP;
    }
    if (bindTenant == null) {
      if (warned.compareAndSet(false, true)) {
        log.warn("otel-presets gateway: {} has credentials for {}, but this otel-presets core"
            + " has no tenant API (GenAiTelemetry.bindTenant) yet; its spans use the static"
            + " exporters", key.label(), key.credentials().keySet());
      }
      return NOOP;
    }
    try {
      AutoCloseable scope = (AutoCloseable) bindTenant.invoke(telemetry, key.tenantId(),
          key.credentials());
      return scope == null ? NOOP : () -> {
        try {
          scope.close();
        } catch (Exception e) {
          log.warn("otel-presets gateway: closing the tenant scope of {} failed: {}",
              key.label(), e.getClass().getSimpleName());
        }
      };
    } catch (InvocationTargetException e) {
      // the core refuses incomplete or disallowed credentials; its message names keys only
      Throwable cause = e.getCause();
      log.warn("otel-presets gateway: tenant credentials of {} not applied: {}", key.label(),
          cause == null ? "unknown error" : cause.getMessage());
      return NOOP;
    } catch (IllegalAccessException e) {
      log.warn("otel-presets gateway: cannot call the tenant API: {}", e.getMessage());
      return NOOP;
    }
  }
}
