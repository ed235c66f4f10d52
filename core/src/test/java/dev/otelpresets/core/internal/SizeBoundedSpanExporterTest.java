package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.internal.otlp.SpanRecord;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.support.internal.ForwardingSpanExporter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A batch goes out as requests under the size bound, in order, one at a time; a span over the
 * bound goes alone. (413 handling runs over real HTTP in the integration tests'
 * LargePromptTest.)
 */
class SizeBoundedSpanExporterTest {
  private static final AttributeKey<String> CONTENT = AttributeKey.stringKey("content");

  private static SpanData span(int i, int contentChars) {
    return TestSpanData.builder()
        .setSpanContext(
            SpanContext.create(
                "0af7651916cd43dd8448eb211c80319c",
                String.format("%016x", i + 1),
                TraceFlags.getSampled(),
                TraceState.getDefault()))
        .setName("span " + i)
        .setKind(SpanKind.CLIENT)
        .setStartEpochNanos(1)
        .setEndEpochNanos(2)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setResource(Resource.empty())
        .setAttributes(Attributes.of(CONTENT, "\u00e9".repeat(contentChars)))
        .setTotalRecordedEvents(0)
        .setTotalRecordedLinks(0)
        .build();
  }

  /** The transport: records each request's spans, answers at once. */
  private static class Transport implements SpanExporter {
    final List<List<String>> requests = new ArrayList<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      requests.add(spans.stream().map(SpanData::getName).toList());
      return CompletableResultCode.ofSuccess();
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

  @Test
  void aBatchGoesOutAsRequestsUnderTheBoundInOrderAndAHugeSpanAlone() {
    Transport transport = new Transport();
    SizeBoundedSpanExporter e = new SizeBoundedSpanExporter("x", transport, 10_000);
    List<SpanData> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(span(i, i == 4 ? 20_000 : 1_000)); // 2 bytes a char: ~2 kB, span 4 ~40 kB
    }
    assertTrue(e.export(batch).join(5, TimeUnit.SECONDS).isSuccess());
    assertEquals(
        List.of(
            List.of("span 0", "span 1", "span 2", "span 3"), List.of("span 4"),
            List.of("span 5", "span 6", "span 7", "span 8"), List.of("span 9")),
        transport.requests);
  }

  @Test
  void aBatchSurelyUnderTheBoundIsOneRequestAndOnlyABatchNearItIsCountedExactly() {
    // 10 spans of 100 two-byte chars: ~2.3 kB exact, ~4.5 kB by 3 bytes a char
    List<SpanData> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(span(i, 100));
    }
    SizeBoundedSpanExporter roomy = new SizeBoundedSpanExporter("x", new Transport(), 10_000);
    assertTrue(roomy.fitsForSure(batch));
    assertEquals(1, roomy.requests(batch).size());
    assertEquals(batch, roomy.requests(batch).get(0));
    // under the exact size's bound but not under the cheap one: the exact count still makes one
    // request of it, as before
    SizeBoundedSpanExporter tight = new SizeBoundedSpanExporter("x", new Transport(), 3_500);
    assertFalse(tight.fitsForSure(batch));
    assertEquals(1, tight.requests(batch).size());
    // over both (each span ~320 bytes exact): one span a request, as before
    SizeBoundedSpanExporter small = new SizeBoundedSpanExporter("x", new Transport(), 300);
    assertEquals(10, small.requests(batch).size());
  }

  @Test
  void theEstimateCountsUtf8BytesFromAbove() {
    long estimate = SizeBoundedSpanExporter.estimatedSize(span(0, 1000));
    assertTrue(estimate >= 2000 && estimate < 2200, "estimate " + estimate);
    assertEquals(4, SizeBoundedSpanExporter.utf8Length("\uD83D\uDE00"));
    assertEquals(3, SizeBoundedSpanExporter.utf8Length("\u20ac"));
  }

  @Test
  void aSingleSpanIsTheTransportsOwnAnswer() {
    CompletableResultCode own = CompletableResultCode.ofSuccess();
    SpanExporter transport =
        new Transport() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            return own;
          }
        };
    assertEquals(
        own, new SizeBoundedSpanExporter("x", transport, 10).export(List.of(span(0, 100))));
  }

  @Test
  void behindAForwardingExporterTheBatchIsCutByTheBytesOfTheRecordTransportBehindIt() {
    SpanExporter records =
        OtlpExporters.INSTANCE.create(
            ExporterSpec.builder(ExporterOwner.of("x"))
                .endpoint("http://127.0.0.1:9/v1/traces")
                .build());
    try {
      SpanExporter forwarding = new Forwarding(new Forwarding(records));
      List<SpanData> batch = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        batch.add(span(i, i == 4 ? 20_000 : 1_000));
      }
      List<List<SpanData>> requests =
          new SizeBoundedSpanExporter("x", forwarding, 10_000).requests(batch);
      assertEquals(
          List.of(
              List.of("span 0", "span 1", "span 2", "span 3"), List.of("span 4"),
              List.of("span 5", "span 6", "span 7", "span 8"), List.of("span 9")),
          requests.stream().map(r -> r.stream().map(SpanData::getName).toList()).toList());
      assertTrue(
          requests.stream().flatMap(List::stream).allMatch(SpanRecord.class::isInstance),
          "encoded once, by the transport that sends them, to be cut by their exact bytes");
      // a plain transport behind the same wrappers: the estimate, spans as they are
      List<List<SpanData>> estimated =
          new SizeBoundedSpanExporter("x", new Forwarding(new Transport()), 10_000).requests(batch);
      assertFalse(estimated.stream().flatMap(List::stream).anyMatch(SpanRecord.class::isInstance));
    } finally {
      records.shutdown().join(5, TimeUnit.SECONDS);
    }
  }

  /** Hands every batch on unchanged, as AgentOps' token step does. */
  private static final class Forwarding extends Transport implements ForwardingSpanExporter {
    private final SpanExporter next;

    Forwarding(SpanExporter next) {
      this.next = next;
    }

    @Override
    public SpanExporter forwardsTo() {
      return next;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return next.export(spans);
    }
  }
}
