package dev.otelpresets.testkit;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One span as it arrived at an {@link OtlpReceiver}, together with the resource, scope and request
 * that carried it. Ids are lower-case hex, attributes are decoded into plain Java values.
 * Instances are immutable.
 */
public final class ReceivedSpan {

  private final Span proto;
  private final Resource resource;
  private final Map<String, Object> resourceAttributes;
  private final InstrumentationScope scope;
  private final ReceivedRequest request;
  private final Map<String, Object> attributes;

  private ReceivedSpan(
      Span proto,
      Resource resource,
      Map<String, Object> resourceAttributes,
      InstrumentationScope scope,
      ReceivedRequest request) {
    this.proto = proto;
    this.resource = resource;
    this.resourceAttributes = resourceAttributes;
    this.scope = scope;
    this.request = request;
    this.attributes = AnyValues.toMap(proto.getAttributesList());
  }

  /** Every span of {@code request} in wire order; empty when it is not a traces export. */
  static List<ReceivedSpan> allOf(ReceivedRequest request) {
    Objects.requireNonNull(request, "request");
    List<ReceivedSpan> spans = new ArrayList<>();
    request
        .traces()
        .ifPresent(
            export -> {
              for (ResourceSpans resourceSpans : export.getResourceSpansList()) {
                Resource resource = resourceSpans.getResource();
                // decoded once per resource: all its spans share the same map
                Map<String, Object> resourceAttributes =
                    AnyValues.toMap(resource.getAttributesList());
                for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                  for (Span span : scopeSpans.getSpansList()) {
                    spans.add(
                        new ReceivedSpan(
                            span, resource, resourceAttributes, scopeSpans.getScope(), request));
                  }
                }
              }
            });
    return spans;
  }

  /** The span message as decoded. */
  public Span proto() {
    return proto;
  }

  /** The resource of the {@code ResourceSpans} that contained this span. */
  public Resource resource() {
    return resource;
  }

  /** The instrumentation scope of the {@code ScopeSpans} that contained this span. */
  public InstrumentationScope scope() {
    return scope;
  }

  /** The request that carried this span. */
  public ReceivedRequest request() {
    return request;
  }

  /** The span name. */
  public String name() {
    return proto.getName();
  }

  /** The span kind. */
  public Span.SpanKind kind() {
    return proto.getKind();
  }

  /** The trace id as 32 lower-case hex characters. */
  public String traceId() {
    return hex(proto.getTraceId());
  }

  /** The span id as 16 lower-case hex characters. */
  public String spanId() {
    return hex(proto.getSpanId());
  }

  /** The parent span id as lower-case hex, or {@code ""} for a root span. */
  public String parentSpanId() {
    return hex(proto.getParentSpanId());
  }

  /** Whether the span has no parent. */
  public boolean isRoot() {
    return proto.getParentSpanId().isEmpty();
  }

  /**
   * The span attributes in wire order. Values are String, Long, Double, Boolean, byte[],
   * List&lt;Object&gt; for arrays, Map&lt;String, Object&gt; for key-value lists, or null for an
   * empty value.
   */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /** The decoded value of attribute {@code key}, or null when absent. */
  public Object attribute(String key) {
    return attributes.get(key);
  }

  /**
   * The string value of attribute {@code key}, or null when absent.
   *
   * @throws AssertionError when the attribute is present but not a string
   */
  public String stringAttribute(String key) {
    Object value = attributes.get(key);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new AssertionError(
        "attribute "
            + key
            + " of span "
            + name()
            + " is a "
            + value.getClass().getSimpleName()
            + " ("
            + value
            + "), not a string");
  }

  /** The resource attributes, decoded like {@link #attributes()}. */
  public Map<String, Object> resourceAttributes() {
    return resourceAttributes;
  }

  /** The span status. */
  public Status status() {
    return proto.getStatus();
  }

  /** The span events. */
  public List<Span.Event> events() {
    return proto.getEventsList();
  }

  /** Name, ids and attributes on one line, for assertion messages. */
  @Override
  public String toString() {
    return name()
        + "{trace="
        + traceId()
        + ", span="
        + spanId()
        + (isRoot() ? "" : ", parent=" + parentSpanId())
        + ", attributes="
        + attributes
        + "}";
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }
}
