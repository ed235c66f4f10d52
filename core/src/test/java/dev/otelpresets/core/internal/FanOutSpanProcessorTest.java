package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.testpresets.Sinks;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FanOutSpanProcessorTest {

  private static BatchSpanProcessor batch(SpanExporter exporter, int queue) {
    return BatchSpanProcessor.builder(exporter)
        .setMaxQueueSize(queue)
        .setScheduleDelay(Duration.ofSeconds(30))
        .build();
  }

  private static Set<String> ids(List<SpanData> spans) {
    return spans.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
  }

  @Test
  void everyBackendGetsEverySpanOnceFromFourThreads() throws Exception {
    List<InMemorySpanExporter> sinks =
        List.of(
            InMemorySpanExporter.create(),
            InMemorySpanExporter.create(),
            InMemorySpanExporter.create());
    List<SpanProcessor> backends = new ArrayList<>();
    sinks.forEach(s -> backends.add(batch(s, 20_000)));
    FanOutSpanProcessor fanOut = new FanOutSpanProcessor(backends, 20_000);
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(fanOut).build();
    Tracer tracer = provider.get("test");
    Set<String> started = java.util.concurrent.ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 2_500; i++) {
                  Span span = tracer.spanBuilder("s").startSpan();
                  started.add(span.getSpanContext().getSpanId());
                  span.end();
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    for (InMemorySpanExporter sink : sinks) {
      List<SpanData> got = sink.getFinishedSpanItems();
      assertEquals(10_000, got.size(), "each backend, each span once");
      assertEquals(started, ids(got));
    }
    assertEquals(0, fanOut.dropped());
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }

  @Test
  void shutdownDeliversWhatWasStillInTheHandOffQueue() {
    Sinks.Sink a = new Sinks.Sink(); // keeps its spans past shutdown
    Sinks.Sink b = new Sinks.Sink();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                new FanOutSpanProcessor(List.of(batch(a, 2048), batch(b, 2048)), 2048))
            .build();
    Set<String> ended = new HashSet<>();
    for (int i = 0; i < 50; i++) { // fewer than the wake-up threshold: nothing dispatched yet
      Span span = provider.get("test").spanBuilder("s").startSpan();
      ended.add(span.getSpanContext().getSpanId());
      span.end();
    }
    assertTrue(provider.shutdown().join(10, TimeUnit.SECONDS).isSuccess());
    assertEquals(ended, ids(a.spans()));
    assertEquals(ended, ids(b.spans()));
  }

  @Test
  void aFullBackendQueueDropsOnlyThatBackendsSpans() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger slowGot = new AtomicInteger();
    SpanExporter stuck =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            slowGot.addAndGet(spans.size());
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
        };
    InMemorySpanExporter healthy = InMemorySpanExporter.create();
    BatchSpanProcessor slow =
        BatchSpanProcessor.builder(stuck)
            .setMaxQueueSize(16)
            .setMaxExportBatchSize(8)
            .setScheduleDelay(Duration.ofMillis(1))
            .build();
    BatchSpanProcessor healthyQueue = batch(healthy, 5000);
    FanOutSpanProcessor fanOut = new FanOutSpanProcessor(List.of(slow, healthyQueue), 5000);
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(fanOut).build();
    for (int i = 0; i < 3000; i++) {
      provider.get("test").spanBuilder("s").startSpan().end();
    }
    fanOut.forceFlush(); // moves every span on; the stuck backend's flush stays pending
    assertTrue(healthyQueue.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    assertEquals(
        3000,
        healthy.getFinishedSpanItems().size(),
        "the healthy backend got everything while the other one is still stuck");
    release.countDown();
    provider.shutdown().join(10, TimeUnit.SECONDS);
    assertTrue(slowGot.get() < 3000, "the stuck backend's own queue dropped: " + slowGot.get());
    assertEquals(0, fanOut.dropped(), "nothing was refused before the backends' queues");
  }

  @Test
  void aBlockedDispatcherNeverBlocksTheCallingThreadAndCountsWhatItRefuses() {
    CountDownLatch release = new CountDownLatch(1);
    SpanProcessor blocking =
        new SpanProcessor() {
          @Override
          public void onStart(Context parentContext, ReadWriteSpan span) {}

          @Override
          public boolean isStartRequired() {
            return false;
          }

          @Override
          public void onEnd(ReadableSpan span) {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public boolean isEndRequired() {
            return true;
          }
        };
    FanOutSpanProcessor fanOut = new FanOutSpanProcessor(List.of(blocking), 100);
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(fanOut).build();
    // a deadlock guard, not a speed check: ending spans must not wait for the dispatcher
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          for (int i = 0; i < 1000; i++) {
            provider.get("test").spanBuilder("s").startSpan().end();
          }
        });
    assertTrue(
        fanOut.dropped() >= 1000 - 100 - 1, "refused spans are counted: " + fanOut.dropped());
    release.countDown();
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }

  @Test
  void aBackendThatThrowsDoesNotStopTheOthers() {
    SpanProcessor throwing =
        new SpanProcessor() {
          @Override
          public void onStart(Context parentContext, ReadWriteSpan span) {}

          @Override
          public boolean isStartRequired() {
            return false;
          }

          @Override
          public void onEnd(ReadableSpan span) {
            throw new IllegalStateException("broken backend");
          }

          @Override
          public boolean isEndRequired() {
            return true;
          }
        };
    Sinks.Sink healthy = new Sinks.Sink();
    BatchSpanProcessor healthyQueue = batch(healthy, 2048);
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(new FanOutSpanProcessor(List.of(throwing, healthyQueue), 2048))
            .build();
    for (int i = 0; i < 1000; i++) { // several dispatch passes
      provider.get("test").spanBuilder("s").startSpan().end();
    }
    assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    assertEquals(1000, healthy.spans().size());
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }

  @Test
  void aSmallHandOffWrappingManyTimesLosesNothingUncountedAndKeepsEachThreadsOrder()
      throws Exception {
    List<String> got = java.util.Collections.synchronizedList(new ArrayList<>());
    SpanProcessor recording =
        new SpanProcessor() {
          @Override
          public void onStart(Context parentContext, ReadWriteSpan span) {}

          @Override
          public boolean isStartRequired() {
            return false;
          }

          @Override
          public void onEnd(ReadableSpan span) {
            got.add(span.getName());
          }

          @Override
          public boolean isEndRequired() {
            return true;
          }
        };
    // 6 spans of room (a ring of 8 slots) for 4 threads ending 5,000 spans each
    FanOutSpanProcessor fanOut = new FanOutSpanProcessor(List.of(recording, recording), 6);
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(fanOut).build();
    Tracer tracer = provider.get("test");
    int threads = 4;
    int perThread = 5_000;
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String prefix = t + "-";
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  tracer.spanBuilder(prefix + i).startSpan().end();
                  if (i % 64 == 0) {
                    Thread.yield(); // lets the dispatcher in now and then: wrap-arounds
                  }
                }
              });
      producers.add(thread);
      thread.start();
    }
    for (Thread thread : producers) {
      thread.join();
    }
    assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    List<String> delivered;
    synchronized (got) {
      delivered = new ArrayList<>(got);
    }
    assertEquals(0, delivered.size() % 2, "each span to both backends");
    Set<String> distinct = new HashSet<>();
    int[] last = new int[threads];
    java.util.Arrays.fill(last, -1);
    for (int i = 0; i < delivered.size(); i += 2) {
      String name = delivered.get(i);
      assertEquals(name, delivered.get(i + 1), "both backends get a span before the next");
      assertTrue(distinct.add(name), "delivered once: " + name);
      int thread = Integer.parseInt(name.substring(0, name.indexOf('-')));
      int seq = Integer.parseInt(name.substring(name.indexOf('-') + 1));
      assertTrue(seq > last[thread], "a thread's spans in the order it ended them: " + name);
      last[thread] = seq;
    }
    assertEquals(
        threads * perThread,
        distinct.size() + fanOut.dropped(),
        "every span delivered or counted as refused");
    assertTrue(distinct.size() > 6, "more than one ring's worth went through: " + distinct.size());
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }
}
