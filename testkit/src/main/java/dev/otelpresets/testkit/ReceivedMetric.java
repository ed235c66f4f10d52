package dev.otelpresets.testkit;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One metric as it arrived at an {@link OtlpReceiver}, together with its resource and the request
 * that carried it. Instances are immutable.
 */
public final class ReceivedMetric {

  private final Metric proto;
  private final Resource resource;
  private final InstrumentationScope scope;
  private final Map<String, Object> resourceAttributes;
  private final ReceivedRequest request;

  private ReceivedMetric(
      Metric proto,
      Resource resource,
      InstrumentationScope scope,
      Map<String, Object> resourceAttributes,
      ReceivedRequest request) {
    this.proto = proto;
    this.resource = resource;
    this.scope = scope;
    this.resourceAttributes = resourceAttributes;
    this.request = request;
  }

  /** Every metric of {@code request} in wire order; empty when it is not a metrics export. */
  static List<ReceivedMetric> allOf(ReceivedRequest request) {
    Objects.requireNonNull(request, "request");
    List<ReceivedMetric> metrics = new ArrayList<>();
    request
        .metrics()
        .ifPresent(
            export -> {
              for (ResourceMetrics resourceMetrics : export.getResourceMetricsList()) {
                Resource resource = resourceMetrics.getResource();
                Map<String, Object> resourceAttributes =
                    AnyValues.toMap(resource.getAttributesList());
                for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
                  for (Metric metric : scopeMetrics.getMetricsList()) {
                    metrics.add(
                        new ReceivedMetric(
                            metric,
                            resource,
                            scopeMetrics.getScope(),
                            resourceAttributes,
                            request));
                  }
                }
              }
            });
    return metrics;
  }

  /** The metric message as decoded, including its data points. */
  public Metric proto() {
    return proto;
  }

  /** The resource of the {@code ResourceMetrics} that contained this metric. */
  public Resource resource() {
    return resource;
  }

  /** The instrumentation scope (name and version of the meter) that recorded this metric. */
  public InstrumentationScope scope() {
    return scope;
  }

  /** The request that carried this metric. */
  public ReceivedRequest request() {
    return request;
  }

  /** The metric name. */
  public String name() {
    return proto.getName();
  }

  /** The resource attributes, decoded like {@link ReceivedSpan#attributes()}. */
  public Map<String, Object> resourceAttributes() {
    return resourceAttributes;
  }

  /** The name and the kind of data, e.g. {@code gen_ai.client.token.usage(HISTOGRAM)}. */
  @Override
  public String toString() {
    return name() + "(" + proto.getDataCase() + ")";
  }
}
