package dev.otelpresets.core.internal;

import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/** Spans as the fan-out hands them to the backends, and a transport no test reaches. */
final class FanOutSpans {
  private FanOutSpans() {}

  /** One ended SDK span whose input message is {@code text}, wrapped as the fan-out wraps it. */
  static SharedContentSpan endedWithContent(String text) {
    return endedWithContent(text, Attributes.empty());
  }

  /** The same, with {@code more} attributes. */
  static SharedContentSpan endedWithContent(String text, Attributes more) {
    ReadableSpan[] ended = new ReadableSpan[1];
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                new SpanProcessor() {
                  @Override
                  public void onStart(Context parent, ReadWriteSpan span) {}

                  @Override
                  public boolean isStartRequired() {
                    return false;
                  }

                  @Override
                  public void onEnd(ReadableSpan span) {
                    ended[0] = span;
                  }

                  @Override
                  public boolean isEndRequired() {
                    return true;
                  }
                })
            .build()) {
      provider
          .get("test")
          .spanBuilder("chat gpt-4o")
          .setAttribute(
              GenAiAttributes.INPUT_MESSAGES,
              "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + text + "\"}]}]")
          .setAllAttributes(more)
          .startSpan()
          .end();
    }
    return new SharedContentSpan(ended[0]);
  }

  /** A transport that is never reached. */
  static final class Nowhere implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofFailure();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
