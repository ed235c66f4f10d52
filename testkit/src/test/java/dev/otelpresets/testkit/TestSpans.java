package dev.otelpresets.testkit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Creates real SDK spans for the receiver tests and exports them with real exporters. */
final class TestSpans {

  static final Resource RESOURCE =
      Resource.getDefault()
          .merge(
              Resource.create(
                  Attributes.of(
                      AttributeKey.stringKey("service.name"), "testkit-test",
                      AttributeKey.stringKey("deployment.environment.name"), "ci")));

  private TestSpans() {}

  /** Runs {@code work} against a fresh tracer and returns the spans it ended, in end order. */
  static List<SpanData> record(Consumer<Tracer> work) {
    List<SpanData> ended = new CopyOnWriteArrayList<>();
    SpanProcessor capture =
        new SpanProcessor() {
          @Override
          public void onStart(Context parentContext, ReadWriteSpan span) {}

          @Override
          public boolean isStartRequired() {
            return false;
          }

          @Override
          public void onEnd(ReadableSpan span) {
            ended.add(span.toSpanData());
          }

          @Override
          public boolean isEndRequired() {
            return true;
          }
        };
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder().setResource(RESOURCE).addSpanProcessor(capture).build()) {
      work.accept(provider.get("dev.otelpresets.testkit.test"));
    }
    return List.copyOf(ended);
  }

  /** One finished root span named {@code name}. */
  static List<SpanData> single(String name) {
    return record(tracer -> tracer.spanBuilder(name).startSpan().end());
  }

  /** Exports synchronously, so the test knows whether the receiver accepted the batch. */
  static CompletableResultCode export(SpanExporter exporter, List<SpanData> spans) {
    return exporter.export(spans).join(10, TimeUnit.SECONDS);
  }
}
