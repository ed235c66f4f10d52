package dev.otelpresets.core.internal;

import dev.otelpresets.core.Tenant;
import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which tenant a span belongs to. A binding marks every span of the request's trace with the
 * tenant id in an internal attribute (stripped before any export); the credentials stay here, in a
 * bounded directory, and are looked up by the owner's exporter at export time.
 */
public final class TenantRouter {
  /** The internal attribute naming a span's tenant. Never exported. */
  public static final AttributeKey<String> TENANT_ID =
      AttributeKey.stringKey(GenAiAttributes.INTERNAL_PREFIX + "tenant");

  /** Tenants remembered for export; least recently bound forgotten first. */
  static final int DIRECTORY_SIZE = 65_536;

  private final Map<String, Tenant> directory =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Tenant> eldest) {
          return size() > DIRECTORY_SIZE;
        }
      };

  /** Remembers (or refreshes) a tenant's credentials. */
  public synchronized void register(Tenant tenant) {
    directory.put(tenant.id(), tenant);
  }

  /** The tenant with this id, or null when unknown (then the static exporter is used). */
  public synchronized Tenant find(String id) {
    return directory.get(id);
  }
}
