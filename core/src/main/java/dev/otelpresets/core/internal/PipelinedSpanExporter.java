package dev.otelpresets.core.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Lets a backend's batch processor map and encode its next batch while the previous one is still
 * being sent. The SDK's {@code BatchSpanProcessor} waits for each export's answer before it takes
 * the next batch, so one backend's thread alternates between its own work (mapping, encoding) and
 * waiting for the transport (compressing, sending, the backend's answer): at the sustained limit
 * each backend's queue filled while the machine still had CPU to spare. Here an export returns as
 * soon as its request is handed to the transport, while fewer than {@code maxInFlight} are
 * unanswered; at the bound the processor waits until one is answered.
 *
 * <p>What a flush and a shutdown promise is kept: {@link #flush()} completes once every request
 * in flight when it was called is answered, and {@link #shutdown()} waits for all of them before
 * it shuts the transport down (which would cancel them). The batch processor itself never calls
 * its exporter's flush, so its processor is wrapped ({@link #flushedAfter}). Outcomes are counted
 * below this class, on each request's own answer: what the processor is told here is only when it
 * may go on.
 */
final class PipelinedSpanExporter implements SpanExporter {
  private final SpanExporter delegate;
  private final int maxInFlight;
  private final Object lock = new Object();

  // guarded by lock
  private final Set<CompletableResultCode> inFlight = new LinkedHashSet<>();
  private CompletableResultCode waiting; // the processor's, while it waits for a free place

  PipelinedSpanExporter(SpanExporter delegate, int maxInFlight) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    CompletableResultCode sent = delegate.export(spans); // mapped and encoded on this thread
    CompletableResultCode goOn;
    synchronized (lock) {
      inFlight.add(sent);
      if (inFlight.size() < maxInFlight) {
        goOn = CompletableResultCode.ofSuccess();
      } else {
        goOn = new CompletableResultCode();
        waiting = goOn;
      }
    }
    sent.whenComplete(() -> answered(sent)); // at once when it is answered already
    return goOn;
  }

  private void answered(CompletableResultCode sent) {
    CompletableResultCode wake;
    synchronized (lock) {
      inFlight.remove(sent);
      wake = waiting;
      waiting = null;
    }
    if (wake != null) {
      wake.succeed();
    }
  }

  /** Requests sent and not yet answered. */
  int inFlight() {
    synchronized (lock) {
      return inFlight.size();
    }
  }

  /** Completes once every request now in flight is answered and the transport flushed. */
  @Override
  public CompletableResultCode flush() {
    List<CompletableResultCode> pending = pending();
    pending.add(delegate.flush());
    return whenAllDone(pending);
  }

  /** Waits for every request in flight (their outcomes are counted below), then shuts down. */
  @Override
  public CompletableResultCode shutdown() {
    CompletableResultCode out = new CompletableResultCode();
    whenAllDone(pending()).whenComplete(() -> outcomeOf(delegate.shutdown(), out));
    return out;
  }

  /** Completes {@code out} as {@code result} completes: success or failure alike. */
  private static void outcomeOf(CompletableResultCode result, CompletableResultCode out) {
    result.whenComplete(
        () -> {
          if (result.isSuccess()) {
            out.succeed();
          } else {
            out.fail();
          }
        });
  }

  private List<CompletableResultCode> pending() {
    synchronized (lock) {
      return new ArrayList<>(inFlight);
    }
  }

  /** Succeeds once each of {@code results} completed, whatever its outcome. */
  private static CompletableResultCode whenAllDone(List<CompletableResultCode> results) {
    CompletableResultCode out = new CompletableResultCode();
    CompletableResultCode.ofAll(results).whenComplete(out::succeed);
    return out;
  }

  /**
   * {@code processor} (the batch processor exporting through this exporter) whose flush also waits
   * for the requests in flight once the processor exported what it held.
   */
  SpanProcessor flushedAfter(SpanProcessor processor) {
    return new FlushingProcessor(processor, this);
  }

  @Override
  public String toString() {
    return "PipelinedSpanExporter{maxInFlight=" + maxInFlight + ", delegate=" + delegate + "}";
  }

  private static final class FlushingProcessor implements SpanProcessor {
    private final SpanProcessor processor;
    private final PipelinedSpanExporter exporter;

    FlushingProcessor(SpanProcessor processor, PipelinedSpanExporter exporter) {
      this.processor = processor;
      this.exporter = exporter;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
      processor.onStart(parentContext, span);
    }

    @Override
    public boolean isStartRequired() {
      return processor.isStartRequired();
    }

    @Override
    public void onEnd(ReadableSpan span) {
      processor.onEnd(span);
    }

    @Override
    public boolean isEndRequired() {
      return processor.isEndRequired();
    }

    @Override
    public CompletableResultCode forceFlush() {
      CompletableResultCode out = new CompletableResultCode();
      CompletableResultCode batches = processor.forceFlush();
      // the processor's outcome, once the requests it handed over are answered too
      batches.whenComplete(() -> exporter.flush().whenComplete(() -> outcomeOf(batches, out)));
      return out;
    }

    @Override
    public CompletableResultCode shutdown() {
      return processor.shutdown(); // its exporter's shutdown waits for what is in flight
    }

    @Override
    public String toString() {
      return processor.toString();
    }
  }
}
