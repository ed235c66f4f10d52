package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.internal.OtlpExporters;
import dev.otelpresets.core.internal.OwnerScopedSpanExporter;
import dev.otelpresets.core.internal.ResolvedPresetSettings;
import dev.otelpresets.core.internal.SharedContentSpan;
import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterProtocol;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Weave's output is the shared OpenInference output with Weave's own keys appended, so its spans'
 * bytes are Arize's bytes of the same span extended with those keys, not a second serialization.
 * Over real OTLP to the testkit's receiver, decoded with opentelemetry-proto, Weave's request must
 * be what the SDK's own {@link OtlpHttpSpanExporter} sends for the same mapped spans: attributes in
 * order, dropped counts, events, links, status; only the bytes' field order differs.
 */
class ExtendedRecordWireTest {

  @Test
  void weaveExtendingArizesBytesDecodesEqualToTheSdkExportersRequest() {
    try (OtlpReceiver arizeAt = OtlpReceiver.start("arize");
        OtlpReceiver weaveAt = OtlpReceiver.start("weave");
        OtlpReceiver sdkAt = OtlpReceiver.start("sdk exporter")) {
      OwnerScopedSpanExporter arize = owner("arize", arizeAt);
      OwnerScopedSpanExporter weave = owner("weave", weaveAt);
      List<SpanData> arizeSpans = new ArrayList<>();
      List<SpanData> weaveSpans = new ArrayList<>();
      for (SpanData span : genAiSpans()) {
        SpanData shared = SharedContentSpan.sharingContent(span); // as the fan-out hands it over
        arizeSpans.add(arize.map(shared));
        weaveSpans.add(weave.map(shared));
      }
      assertTrue(
          startsWith(weaveSpans.get(0).getAttributes(), arizeSpans.get(0).getAttributes()),
          "weave's output begins with arize's");

      SpanExporter reference =
          OtlpHttpSpanExporter.builder()
              .setEndpoint(sdkAt.tracesUrl())
              .setCompression("none")
              .build();
      SpanExporter arizeTransport = transport("arize", arizeAt);
      SpanExporter weaveTransport = transport("weave", weaveAt);
      try {
        assertTrue(join(arizeTransport.export(arizeSpans)), "arize");
        assertTrue(join(weaveTransport.export(weaveSpans)), "weave");
        assertTrue(join(reference.export(weaveSpans)), "the SDK's exporter");
      } finally {
        reference.shutdown();
        arizeTransport.shutdown();
        weaveTransport.shutdown();
      }
      ReceivedRequest want = only(sdkAt);
      ReceivedRequest got = only(weaveAt);
      ExportTraceServiceRequest expected = want.traces().orElseThrow();
      ExportTraceServiceRequest actual = got.traces().orElseThrow();
      assertEquals(expected, actual);
      assertEquals(want.body().length, got.body().length);
      assertFalse(
          Arrays.equals(want.body(), got.body()), "extended records: the same fields, other order");
      String decoded = actual.toString();
      assertTrue(decoded.contains("wandb.entity") || decoded.contains("weave."), decoded);
      assertTrue(decoded.contains("PROMPT-3"), "with their content");
    }
  }

  private static OwnerScopedSpanExporter owner(String name, OtlpReceiver receiver) {
    PresetProvider provider =
        ServiceLoader.load(PresetProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals(name))
            .findFirst()
            .orElseThrow();
    Environment env = Environment.of(CompanionPresets.env(name, receiver).orElseThrow());
    Preset preset = provider.create(ResolvedPresetSettings.resolve(provider, null, env));
    return new OwnerScopedSpanExporter(
        ExporterOwner.of(name),
        preset.mapper(),
        preset.resourceOverlay(),
        new Unused(),
        AttributeMapper.DEFAULT_ATTRIBUTE_LIMIT);
  }

  private static SpanExporter transport(String name, OtlpReceiver receiver) {
    return OtlpExporters.INSTANCE.create(
        ExporterSpec.builder(ExporterOwner.of(name))
            .protocol(ExporterProtocol.HTTP_PROTOBUF)
            .endpoint(receiver.tracesUrl())
            .compression("none")
            .build());
  }

  private static boolean startsWith(Attributes longer, Attributes prefix) {
    List<String> a = new ArrayList<>();
    longer.forEach((k, v) -> a.add(k + "=" + v));
    List<String> b = new ArrayList<>();
    prefix.forEach((k, v) -> b.add(k + "=" + v));
    return a.size() > b.size() && a.subList(0, b.size()).equals(b);
  }

  private static ReceivedRequest only(OtlpReceiver r) {
    List<ReceivedRequest> requests = r.requests();
    assertEquals(1, requests.size(), r.name());
    return requests.get(0);
  }

  private static boolean join(CompletableResultCode result) {
    return result.join(30, TimeUnit.SECONDS).isSuccess();
  }

  /** Chat spans with content, events, a link, error status, a remote parent, trace state. */
  private static List<SpanData> genAiSpans() {
    List<SpanData> out = new ArrayList<>();
    SpanProcessor collect =
        new SpanProcessor() {
          @Override
          public void onStart(Context parent, ReadWriteSpan span) {}

          @Override
          public boolean isStartRequired() {
            return false;
          }

          @Override
          public void onEnd(ReadableSpan span) {
            out.add(span.toSpanData());
          }

          @Override
          public boolean isEndRequired() {
            return true;
          }
        };
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(collect).build()) {
      Tracer tracer = provider.get("wire");
      SpanContext remote =
          SpanContext.createFromRemoteParent(
              "0af7651916cd43dd8448eb211c80319c",
              "b7ad6b7169203331",
              TraceFlags.getSampled(),
              TraceState.builder().put("vendor", "x=1").build());
      for (int i = 0; i < 8; i++) {
        Span span =
            tracer
                .spanBuilder("chat gpt-4o")
                .setParent(Context.root().with(Span.wrap(remote)))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
                .setAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
                .setAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
                .setAttribute(GenAiAttributes.REQUEST_TEMPERATURE, 0.2)
                .setAttribute(GenAiAttributes.REQUEST_MAX_TOKENS, 256L)
                .setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 12L + i)
                .setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 30L)
                .setAttribute(
                    GenAiAttributes.INPUT_MESSAGES,
                    "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"PROMPT-"
                        + i
                        + " é ✓ "
                        + "x".repeat(300 * i)
                        + "\"}]}]")
                .setAttribute(
                    GenAiAttributes.OUTPUT_MESSAGES,
                    "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"ANSWER-"
                        + i
                        + "\"}],\"finish_reason\":\"stop\"}]")
                .addLink(remote, Attributes.of(AttributeKey.stringKey("link"), "yes"))
                .startSpan();
        span.addEvent("first token", Attributes.of(AttributeKey.longKey("n"), (long) i));
        if (i % 3 == 0) {
          span.setStatus(StatusCode.ERROR, "broke");
        }
        span.end();
      }
    }
    return out;
  }

  /** The owners' own transports are not used: the mapped spans are sent explicitly. */
  private static final class Unused implements SpanExporter {
    @Override
    public CompletableResultCode export(java.util.Collection<SpanData> spans) {
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
