package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.OtlpReceiver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Over real OTLP: a backend's next request goes out while its last one is unanswered (the SDK's
 * batch processor alone would wait for the answer first), at most two at once, and a flush still
 * returns only once every request it covers is answered and counted.
 */
class PipelinedExportsTest {

  private static final Duration ANSWER_DELAY = Duration.ofSeconds(3);

  @Test
  void theNextRequestGoesOutBeforeTheLastIsAnsweredAndFlushWaitsForBoth() throws Exception {
    try (OtlpReceiver slow = OtlpReceiver.start("slow x receiver")) {
      slow.delayResponses(ANSWER_DELAY);
      try (GenAiTelemetry t = batchesOfTwo(slow, "")) {
        GenAiScenarios s = new GenAiScenarios(t);
        for (int i = 0; i < 3; i++) {
          s.plainChat(); // two spans each: three requests of two
        }
        long start = System.nanoTime();
        CompletableFuture<Void> flushed =
            CompletableFuture.runAsync(() -> t.forceFlush(Duration.ofSeconds(30)));

        // two requests arrive while the first is held for its answer
        awaitRequests(slow, 2, ANSWER_DELAY.minusMillis(500));
        Thread.sleep(500);
        assertEquals(2, slow.requests().size(), "at most two unanswered at once");
        assertTrue(!flushed.isDone(), "the flush waits for the answers");

        flushed.get();
        long took = System.nanoTime() - start;
        ExportStats stats =
            t.exportStats().stream().filter(e -> e.owner().equals("x")).findFirst().orElseThrow();
        assertEquals(6, stats.exportedSpans(), "every request answered before the flush returned");
        assertEquals(3, slow.requests().size());
        assertEquals(6, slow.spans().size());
        // three answers of 3 s each, two at a time: two rounds, where one at a time takes three
        assertTrue(
            took < 3 * ANSWER_DELAY.toNanos(), "took " + took / 1_000_000 + " ms for 3 answers");
      }
    }
  }

  @Test
  void oneRequestInFlightSendsTheNextBatchOnlyAfterTheAnswer() throws Exception {
    try (OtlpReceiver slow = OtlpReceiver.start("slow x receiver")) {
      slow.delayResponses(ANSWER_DELAY);
      try (GenAiTelemetry t = batchesOfTwo(slow, "  max_requests_in_flight: 1\n")) {
        GenAiScenarios s = new GenAiScenarios(t);
        for (int i = 0; i < 2; i++) {
          s.plainChat(); // two requests of two spans
        }
        awaitRequests(slow, 1, ANSWER_DELAY.minusMillis(500));
        Thread.sleep(ANSWER_DELAY.toMillis() / 2);
        assertEquals(1, slow.requests().size(), "the second waits for the first answer");
        slow.delayResponses(Duration.ZERO);
        assertTrue(t.forceFlush(Duration.ofSeconds(30)));
        ExportStats stats =
            t.exportStats().stream().filter(e -> e.owner().equals("x")).findFirst().orElseThrow();
        assertEquals(4, stats.exportedSpans(), stats.toString());
        assertEquals(2, slow.requests().size());
      }
    }
  }

  /** The {@code x} preset sending to {@code receiver} in batches of two spans, sent at once. */
  private static GenAiTelemetry batchesOfTwo(OtlpReceiver receiver, String moreSettings) {
    return OtelPresets.builder()
        .configYaml(
            "callbacks: [x]\nsettings:\n  shutdown_hook: false\n"
                + "  max_export_batch_size: 2\n  schedule_delay_ms: 10\n"
                + moreSettings)
        .environment(Map.of("X_ENDPOINT", receiver.baseUrl(), "X_TOKEN", "t"))
        .publishGlobal(false)
        .build();
  }

  private static void awaitRequests(OtlpReceiver r, int count, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (r.requests().size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            r.requests().size() + " request(s) within " + within + ", expected " + count);
      }
      Thread.sleep(10);
    }
  }
}
