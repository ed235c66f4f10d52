package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PipelinedSpanExporterTest {

  /** A transport whose answers the test gives, one per request, in any order. */
  static final class HeldAnswers implements SpanExporter {
    final List<CompletableResultCode> sent = new CopyOnWriteArrayList<>();
    final List<Collection<SpanData>> batches = new CopyOnWriteArrayList<>();
    final AtomicInteger shutdowns = new AtomicInteger();
    volatile int inFlightAtShutdown = -1;
    PipelinedSpanExporter watched;

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      batches.add(List.copyOf(spans));
      CompletableResultCode r = new CompletableResultCode();
      sent.add(r);
      return r;
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      shutdowns.incrementAndGet();
      if (watched != null) {
        inFlightAtShutdown = watched.inFlight();
      }
      return CompletableResultCode.ofSuccess();
    }
  }

  private static List<SpanData> batch(String traceId) {
    return List.of(StageSpans.span(traceId, Attributes.empty()));
  }

  @Test
  void theNextBatchGoesOutWhileOneIsUnansweredAndWaitsAtTheBound() {
    HeldAnswers transport = new HeldAnswers();
    PipelinedSpanExporter e = new PipelinedSpanExporter(transport, 2);

    CompletableResultCode first = e.export(batch("0af7651916cd43dd8448eb211c80319c"));
    assertTrue(first.isDone() && first.isSuccess(), "one in flight: the processor goes on");
    CompletableResultCode second = e.export(batch("1af7651916cd43dd8448eb211c80319c"));
    assertFalse(second.isDone(), "two in flight: the processor waits");
    assertEquals(2, e.inFlight());
    assertEquals(2, transport.batches.size(), "both requests were handed to the transport");

    transport.sent.get(1).fail(); // any answer frees a place, a failure too (counted below)
    assertTrue(second.isDone() && second.isSuccess());
    assertEquals(1, e.inFlight());
    transport.sent.get(0).succeed();
    assertEquals(0, e.inFlight());
  }

  @Test
  void oneInFlightIsTheSdksOwnBehaviour() {
    HeldAnswers transport = new HeldAnswers();
    PipelinedSpanExporter e = new PipelinedSpanExporter(transport, 1);
    CompletableResultCode r = e.export(batch("0af7651916cd43dd8448eb211c80319c"));
    assertFalse(r.isDone());
    transport.sent.get(0).succeed();
    assertTrue(r.isSuccess());
    assertThrows(IllegalArgumentException.class, () -> new PipelinedSpanExporter(transport, 0));
  }

  @Test
  void anAnswerGivenAtOnceLeavesNothingInFlight() {
    StageSpans.Recording transport = StageSpans.Recording.succeeding();
    PipelinedSpanExporter e = new PipelinedSpanExporter(transport, 2);
    for (int i = 0; i < 5; i++) {
      assertTrue(e.export(batch("0af7651916cd43dd8448eb211c80319c")).isSuccess());
    }
    assertEquals(0, e.inFlight());
    assertEquals(5, transport.batches.size());
  }

  @Test
  void aFlushWaitsForTheRequestsInFlightWhenItWasCalledOnly() {
    HeldAnswers transport = new HeldAnswers();
    PipelinedSpanExporter e = new PipelinedSpanExporter(transport, 3);
    e.export(batch("0af7651916cd43dd8448eb211c80319c"));
    e.export(batch("1af7651916cd43dd8448eb211c80319c"));

    CompletableResultCode flushed = e.flush();
    e.export(batch("2af7651916cd43dd8448eb211c80319c")); // sent after the flush began
    transport.sent.get(0).succeed();
    assertFalse(flushed.isDone(), "one of the two is still unanswered");
    transport.sent.get(1).fail();
    assertTrue(flushed.isDone() && flushed.isSuccess(), "answered, whatever the answer");
    assertEquals(1, e.inFlight(), "the later request does not hold the flush");
  }

  @Test
  void shutdownShutsTheTransportDownOnlyOnceEveryRequestIsAnswered() {
    HeldAnswers transport = new HeldAnswers();
    PipelinedSpanExporter e = new PipelinedSpanExporter(transport, 2);
    transport.watched = e;
    e.export(batch("0af7651916cd43dd8448eb211c80319c"));
    e.export(batch("1af7651916cd43dd8448eb211c80319c"));

    CompletableResultCode down = e.shutdown();
    assertEquals(0, transport.shutdowns.get(), "shutting the transport down would cancel them");
    transport.sent.get(0).succeed();
    assertEquals(0, transport.shutdowns.get());
    transport.sent.get(1).succeed();
    assertTrue(down.isDone() && down.isSuccess());
    assertEquals(1, transport.shutdowns.get());
    assertEquals(0, transport.inFlightAtShutdown);
  }

  /**
   * The SDK's batch processor never calls its exporter's flush: wrapped, its flush completes only
   * once the requests it handed over are answered, as it did when it waited for each.
   */
  @Test
  void theBatchProcessorsFlushWaitsForTheAnswers() throws Exception {
    HeldAnswers transport = new HeldAnswers();
    PipelinedSpanExporter e = new PipelinedSpanExporter(transport, 2);
    SpanProcessor batching =
        BatchSpanProcessor.builder(e)
            .setMaxExportBatchSize(1) // one request per span
            .setScheduleDelay(Duration.ofHours(1))
            .build();
    SpanProcessor processor = e.flushedAfter(batching);
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(processor).build()) {
      provider.get("test").spanBuilder("a").startSpan().end();
      provider.get("test").spanBuilder("b").startSpan().end();

      CompletableResultCode flushed = processor.forceFlush();
      waitFor(() -> transport.sent.size() == 2);
      // the processor went on after the first request and waits on the second
      assertFalse(flushed.join(200, TimeUnit.MILLISECONDS).isDone(), "nothing answered yet");
      transport.sent.get(0).succeed();
      assertFalse(flushed.join(200, TimeUnit.MILLISECONDS).isDone(), "one still unanswered");
      transport.sent.get(1).succeed();
      assertTrue(flushed.join(5, TimeUnit.SECONDS).isSuccess());
      List<String> names = new ArrayList<>();
      transport.batches.forEach(b -> b.forEach(s -> names.add(s.getName())));
      assertEquals(List.of("a", "b"), names);
    }
  }

  @Test
  void theBatchProcessorsShutdownWaitsForTheAnswersBeforeTheTransportCloses() throws Exception {
    HeldAnswers transport = new HeldAnswers();
    PipelinedSpanExporter e = new PipelinedSpanExporter(transport, 2);
    transport.watched = e;
    SpanProcessor processor =
        e.flushedAfter(
            BatchSpanProcessor.builder(e)
                .setMaxExportBatchSize(1)
                .setScheduleDelay(Duration.ofHours(1))
                .build());
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
    provider.get("test").spanBuilder("a").startSpan().end();
    CompletableResultCode down = provider.shutdown();
    waitFor(() -> transport.sent.size() == 1);
    Thread.sleep(200);
    assertEquals(0, transport.shutdowns.get());
    transport.sent.get(0).succeed();
    assertTrue(down.join(5, TimeUnit.SECONDS).isSuccess());
    assertEquals(1, transport.shutdowns.get());
    assertEquals(0, transport.inFlightAtShutdown);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(5);
    }
  }
}
