package dev.otelpresets.core.internal;

import static dev.otelpresets.core.internal.StageSpans.MODEL;
import static dev.otelpresets.core.internal.StageSpans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

class ResourceOverlayTest {
  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final AttributeKey<String> PROJECT =
      AttributeKey.stringKey("openinference.project.name");
  private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");

  @Test
  void theOverlayWinsOverTheSharedResourceWhichStaysAsItWas() {
    Resource shared = Resource.create(Attributes.of(SERVICE, "app", PROJECT, "shared-project"));
    ResourceOverlay overlay =
        new ResourceOverlay("resource-overlay", Attributes.of(PROJECT, "phoenix-project"));
    SpanData in = span(TRACE, Attributes.of(MODEL, "gpt-4o"), shared);
    SpanData out = overlay.apply(in);
    assertEquals("phoenix-project", out.getResource().getAttribute(PROJECT));
    assertEquals("app", out.getResource().getAttribute(SERVICE));
    assertEquals("shared-project", in.getResource().getAttribute(PROJECT));
    assertEquals(in.getAttributes(), out.getAttributes(), "attributes untouched");
    // the merged resource is reused for the next span of the same shared resource
    assertSame(
        out.getResource(), overlay.apply(span(TRACE, Attributes.empty(), shared)).getResource());
    Resource other = Resource.create(Attributes.of(SERVICE, "other"));
    assertEquals(
        "other",
        overlay.apply(span(TRACE, Attributes.empty(), other)).getResource().getAttribute(SERVICE));
  }

  @Test
  void anEmptyOverlayPassesTheSpanOnAndItsValuesAreNeverDescribed() {
    SpanData in = span(TRACE, Attributes.of(MODEL, "gpt-4o"));
    assertSame(in, new ResourceOverlay("resource-overlay", Attributes.empty()).apply(in));
    ResourceOverlay tenant =
        new ResourceOverlay("tenant-overlay", Attributes.of(PROJECT, "secret-space-id"));
    assertEquals("tenant-overlay", tenant.describe());
    assertFalse(tenant.toString().contains("secret-space-id"));
  }
}
