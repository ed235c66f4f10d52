package dev.otelpresets.core.internal;

import static dev.otelpresets.core.internal.StageSpans.MODEL;
import static dev.otelpresets.core.internal.StageSpans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.ExportStats;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CountingSpanExporterTest {
  private static final List<SpanData> THREE =
      List.of(
          span("0af7651916cd43dd8448eb211c80319c", Attributes.of(MODEL, "a")),
          span("0af7651916cd43dd8448eb211c80319d", Attributes.of(MODEL, "b")),
          span("0af7651916cd43dd8448eb211c80319e", Attributes.of(MODEL, "c")));

  @Test
  void successAndFailureAreCountedWhenTheExportCompletes() {
    ExportAccount account = new ExportAccount("count");
    CompletableResultCode pending = new CompletableResultCode();
    CountingSpanExporter ok =
        new CountingSpanExporter(account, "count", null, new StageSpans.Recording(s -> pending));
    CompletableResultCode r = ok.export(THREE);
    assertEquals(0, account.stats().exportedSpans(), "nothing counted before the outcome");
    pending.succeed();
    assertTrue(r.isSuccess());
    assertEquals(3, account.stats().exportedSpans());

    CountingSpanExporter failing =
        new CountingSpanExporter(
            account,
            "count",
            "team-a",
            new StageSpans.Recording(s -> CompletableResultCode.ofFailure()));
    assertFalse(failing.export(THREE).isSuccess());
    ExportStats s = account.stats();
    assertEquals(3, s.failedSpans());
    assertTrue(s.lastFailure().contains("tenant 'team-a'"), s.lastFailure());
  }

  /**
   * The sender completes the export on its own thread while counting is still running there: the
   * caller (the batch processor, the final numbers at shutdown) must not see the export done
   * before its spans are counted.
   */
  @Test
  void theCallerSeesTheExportDoneOnlyOnceItsSpansAreCounted() throws Exception {
    ExportAccount account = new ExportAccount("count");
    CompletableResultCode pending = new CompletableResultCode();
    CompletableResultCode r =
        new CountingSpanExporter(account, "count", null, new StageSpans.Recording(s -> pending))
            .export(THREE);
    CountDownLatch counting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RuntimeException slowToDescribe =
        new RuntimeException("connection reset") {
          @Override
          public synchronized Throwable getCause() {
            counting.countDown(); // the failure is being described, i.e. counted
            try {
              release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return null;
          }
        };
    Thread sender = new Thread(() -> pending.failExceptionally(slowToDescribe), "sender");
    sender.setDaemon(true);
    sender.start();
    assertTrue(counting.await(5, TimeUnit.SECONDS));

    assertFalse(r.isDone(), "done before its spans were counted");
    release.countDown();
    assertTrue(r.join(5, TimeUnit.SECONDS).isDone());
    assertFalse(r.isSuccess());
    assertEquals(slowToDescribe, r.getFailureThrowable(), "the transport's failure, as it was");
    assertEquals(3, account.stats().failedSpans());
  }

  @Test
  void aThrowingRouteCostsOnlyItsSpansAndTheMessageCarriesNoValue() {
    ExportAccount account = new ExportAccount("count");
    CountingSpanExporter throwing =
        new CountingSpanExporter(
            account,
            "count",
            null,
            new StageSpans.Recording(
                s -> {
                  throw new IllegalArgumentException("header value sk-secret-123 refused");
                }));
    assertFalse(throwing.export(THREE).isSuccess());
    ExportStats s = account.stats();
    assertEquals(3, s.failedSpans());
    assertEquals("export to count threw IllegalArgumentException", s.lastFailure());
    assertFalse(s.lastFailure().contains("sk-secret-123"));
  }

  @Test
  void afterSettlingNothingIsExportedOrCounted() {
    ExportAccount account = new ExportAccount("count");
    StageSpans.Recording next = StageSpans.Recording.succeeding();
    CountingSpanExporter e = new CountingSpanExporter(account, "count", null, next);
    account.close();
    assertFalse(e.export(THREE).isSuccess());
    assertTrue(next.batches.isEmpty());
    assertEquals(0, account.stats().exportedSpans());
  }
}
