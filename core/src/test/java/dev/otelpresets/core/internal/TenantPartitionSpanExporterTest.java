package dev.otelpresets.core.internal;

import static dev.otelpresets.core.internal.StageSpans.MODEL;
import static dev.otelpresets.core.internal.StageSpans.TENANT;
import static dev.otelpresets.core.internal.StageSpans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.Tenant;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.TenantCredentialRule;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class TenantPartitionSpanExporterTest {
  private static final ExporterOwner OWNER = ExporterOwner.of("part");
  private static final ExporterSpec STATIC =
      ExporterSpec.builder(OWNER)
          .endpoint("https://backend.example/v1/traces")
          .header("x-key", "operator")
          .build();

  /** Routes to a tenant's key on the same endpoint; "boom" makes the rule throw. */
  private static final TenantCredentialRule RULE =
      new TenantCredentialRule() {
        @Override
        public Set<String> credentialKeys() {
          return Set.of("key");
        }

        @Override
        public Optional<ExporterSpec> apply(ExporterSpec base, Map<String, String> creds) {
          if (creds.get("key").equals("boom")) {
            throw new IllegalStateException("rule failed on boom");
          }
          return Optional.of(base.toBuilder().header("x-key", creds.get("key")).build());
        }
      };

  private final Map<String, StageSpans.Recording> tenantTransports = new ConcurrentHashMap<>();
  private final StageSpans.Recording staticRoute = StageSpans.Recording.succeeding();
  private final List<String> routedTenants = new ArrayList<>();
  private final ExportAccount account = new ExportAccount("part");
  private final TenantRouter router = new TenantRouter();

  private TenantPartitionSpanExporter partition() {
    TenantExporters tenants =
        new TenantExporters(
            STATIC,
            RULE,
            Set.of(),
            16,
            spec -> {
              if (spec.headers().get("x-key").equals("unbuildable")) {
                throw new IllegalStateException("transport for unbuildable failed");
              }
              StageSpans.Recording r = StageSpans.Recording.succeeding();
              tenantTransports.put(spec.headers().get("x-key"), r);
              return r;
            });
    return new TenantPartitionSpanExporter(
        "part",
        router,
        tenants,
        staticRoute,
        (tenantId, client) -> {
          routedTenants.add(tenantId);
          return new CountingSpanExporter(
              account, "part", tenantId, new StageSpans.Recording(client::export));
        },
        account);
  }

  private static SpanData of(String tenant, String model) {
    Attributes a =
        tenant == null ? Attributes.of(MODEL, model) : Attributes.of(MODEL, model, TENANT, tenant);
    return span("0af7651916cd43dd8448eb211c80319c", a);
  }

  @Test
  void eachTenantWithCredentialsGetsItsOwnRouteTheRestTheStaticOne() {
    router.register(Tenant.of("team-a", Map.of("part", Map.of("key", "key-a"))));
    router.register(Tenant.of("team-b", Map.of("part", Map.of("key", "key-b"))));
    router.register(Tenant.of("no-creds", Map.of("other-owner", Map.of("key", "x"))));
    CompletableResultCode r =
        partition()
            .export(
                List.of(
                    of("team-a", "a1"),
                    of(null, "s1"),
                    of("team-b", "b1"),
                    of("team-a", "a2"),
                    of("no-creds", "n1"),
                    of("unknown", "u1")));
    assertTrue(r.isSuccess());
    assertEquals(List.of("team-a", "team-b"), routedTenants);
    assertEquals(List.of("a1", "a2"), models(tenantTransports.get("key-a").all()));
    assertEquals(List.of("b1"), models(tenantTransports.get("key-b").all()));
    assertEquals(
        List.of("s1", "n1", "u1"),
        models(staticRoute.all()),
        "no usable credentials, or a tenant never bound: the operator's exporter");
  }

  @Test
  void aTenantWhoseClientCannotBeBuiltCostsOnlyItsSpansCountedAsFailed() {
    router.register(Tenant.of("team-a", Map.of("part", Map.of("key", "key-a"))));
    router.register(Tenant.of("odd", Map.of("part", Map.of("key", "unbuildable"))));
    CompletableResultCode r =
        partition()
            .export(List.of(of("odd", "o1"), of("odd", "o2"), of("team-a", "a1"), of(null, "s1")));
    assertFalse(r.isSuccess(), "one part failed");
    assertEquals(List.of("a1"), models(tenantTransports.get("key-a").all()));
    assertEquals(List.of("s1"), models(staticRoute.all()));
    assertEquals(2, account.stats().failedSpans());
    assertEquals(1, account.stats().exportedSpans(), "team-a's span, counted by its route");
    assertTrue(
        account
            .stats()
            .lastFailure()
            .contains("tenant 'odd' could not be built" + " (IllegalStateException)"),
        account.stats().lastFailure());
    assertFalse(account.stats().lastFailure().contains("unbuildable"));
  }

  @Test
  void aTenantWhoseRuleThrowsGoesToTheStaticRoute() {
    router.register(Tenant.of("team-a", Map.of("part", Map.of("key", "key-a"))));
    router.register(Tenant.of("broken", Map.of("part", Map.of("key", "boom"))));
    partition().export(List.of(of("broken", "x1"), of("team-a", "a1"), of(null, "s1")));
    assertEquals(List.of("a1"), models(tenantTransports.get("key-a").all()));
    // a rule that throws is refused like bad credentials: the static route takes the spans
    assertEquals(List.of("s1", "x1"), models(staticRoute.all()).stream().sorted().toList());
    assertFalse(tenantTransports.containsKey("boom"));
  }

  private static List<String> models(List<SpanData> spans) {
    return spans.stream().map(s -> s.getAttributes().get(MODEL)).toList();
  }
}
