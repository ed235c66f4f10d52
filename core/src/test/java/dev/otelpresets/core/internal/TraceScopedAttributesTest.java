package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The trace's request-level keys reach every span of the trace open then or started later, also
 * when the LLM call's span was the trace's only open span when it shared them (nothing is built
 * then; the keys are read from the span when another one starts).
 */
class TraceScopedAttributesTest {
  private static final Attributes TENANT = Attributes.of(TenantRouter.TENANT_ID, "acme");

  private final TraceScopedAttributes traceScoped = new TraceScopedAttributes();
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder()
          .addSpanProcessor(traceScoped)
          .addSpanProcessor(SimpleSpanProcessor.create(exporter))
          .build();
  private final Tracer tracer = provider.get("test");

  @AfterEach
  void close() {
    provider.close();
  }

  private RecordedLlmCall call(LlmRequest request) {
    return new RecordedLlmCall(
        request,
        tracer,
        new GenAiMetrics(MeterProvider.noop().get("x")),
        ContentCapture.NO_CONTENT,
        new ContentLimit(1024),
        LoggerProvider.noop().get("x"),
        traceScoped);
  }

  private static LlmRequest identified() {
    return LlmRequest.builder()
        .requestModel("gpt-4o")
        .userId("user-42")
        .conversationId("conv-7")
        .tags(List.of("team-a", "beta"))
        .metadata(Map.of("feature", "search"))
        .build();
  }

  private SpanData named(String name) {
    return exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name));
  }

  private static void assertIdentity(SpanData s) {
    Attributes a = s.getAttributes();
    assertEquals("user-42", a.get(GenAiAttributes.USER_ID), s.getName());
    assertEquals("conv-7", a.get(GenAiAttributes.CONVERSATION_ID), s.getName());
    assertEquals(List.of("team-a", "beta"), a.get(GenAiAttributes.TAGS), s.getName());
    assertEquals("{\"feature\":\"search\"}", a.get(GenAiAttributes.METADATA), s.getName());
  }

  private static void assertNoIdentity(SpanData s) {
    Attributes a = s.getAttributes();
    assertNull(a.get(GenAiAttributes.USER_ID), s.getName());
    assertNull(a.get(GenAiAttributes.CONVERSATION_ID), s.getName());
    assertNull(a.get(GenAiAttributes.TAGS), s.getName());
    assertNull(a.get(GenAiAttributes.METADATA), s.getName());
  }

  @Test
  void aLoneCallsKeysReachTheSpansStartedUnderItLater() {
    RecordedLlmCall call = call(identified());
    try (Scope ignored = call.span().makeCurrent()) {
      Span tool = tracer.spanBuilder("tool").startSpan();
      Span grandChild =
          tracer.spanBuilder("grandchild").setParent(Context.current().with(tool)).startSpan();
      grandChild.end();
      tool.end();
    }
    call.end(LlmResponse.empty());
    assertIdentity(named("chat gpt-4o"));
    assertIdentity(named("tool"));
    assertIdentity(named("grandchild"));
    assertEquals(0, traceScoped.trackedTraces(), "the trace's state goes with its last span");
  }

  @Test
  void aLoneCallThatEndsLeavesNothingTrackedAndALaterTraceGetsNothing() {
    RecordedLlmCall call = call(identified());
    String traceId = call.span().getSpanContext().getTraceId();
    call.end(LlmResponse.empty());
    assertEquals(0, traceScoped.trackedTraces());
    // a later span of the same trace id (a remote continuation): the state is gone with the call
    Span later =
        tracer
            .spanBuilder("later")
            .setParent(Context.root().with(Span.wrap(call.span().getSpanContext())))
            .startSpan();
    later.end();
    assertEquals(traceId, named("later").getTraceId());
    assertNoIdentity(named("later"));
    assertEquals(0, traceScoped.trackedTraces());
  }

  @Test
  void aTenantBoundWhileTheKeysArePendingKeepsBoth() {
    RecordedLlmCall call = call(identified());
    traceScoped.apply(call.span().getSpanContext().getTraceId(), TENANT);
    Span child =
        tracer.spanBuilder("child").setParent(Context.root().with(call.span())).startSpan();
    child.end();
    call.end(LlmResponse.empty());
    assertIdentity(named("child"));
    assertEquals("acme", named("child").getAttributes().get(TenantRouter.TENANT_ID));
  }

  @Test
  void laterKeysWinOverPendingOnes() {
    RecordedLlmCall call = call(identified());
    traceScoped.apply(
        call.span().getSpanContext().getTraceId(),
        Attributes.of(GenAiAttributes.USER_ID, "user-override"));
    Span child =
        tracer.spanBuilder("child").setParent(Context.root().with(call.span())).startSpan();
    child.end();
    call.end(LlmResponse.empty());
    assertEquals("user-override", named("child").getAttributes().get(GenAiAttributes.USER_ID));
    assertEquals("conv-7", named("child").getAttributes().get(GenAiAttributes.CONVERSATION_ID));
  }

  @Test
  void aCallWithoutIdentitySharesNothing() {
    Span server = tracer.spanBuilder("server").startSpan();
    try (Scope ignored = server.makeCurrent()) {
      call(LlmRequest.builder().requestModel("gpt-4o").build()).end(LlmResponse.empty());
    }
    server.end();
    assertNoIdentity(named("server"));
    assertEquals(0, traceScoped.trackedTraces());
  }

  @Test
  void openSpansEndingInAnyOrderAreEachForgottenAndTheLastOneDropsTheTrace() {
    Span root = tracer.spanBuilder("root").startSpan();
    Context trace = Context.root().with(root);
    List<Span> open = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      open.add(tracer.spanBuilder("s" + i).setParent(trace).startSpan());
    }
    for (int i : new int[] {4, 0, 8, 1, 7}) {
      open.get(i).end(); // from the middle, the front and the back of the open spans
    }
    RecordedLlmCall call;
    try (Scope ignored = root.makeCurrent()) {
      call = call(identified());
    }
    for (int i : new int[] {2, 3, 5, 6}) {
      open.get(i).end();
    }
    call.end(LlmResponse.empty());
    assertEquals(1, traceScoped.trackedTraces(), "the root is still open");
    root.end();
    assertEquals(0, traceScoped.trackedTraces());
    assertIdentity(named("root"));
    for (int i : new int[] {2, 3, 5, 6}) {
      assertIdentity(named("s" + i));
    }
    for (int i : new int[] {4, 0, 8, 1, 7}) {
      assertNoIdentity(named("s" + i));
    }
  }

  @Test
  void spansStartingConcurrentlyWithALoneCallAllGetItsKeys() throws Exception {
    int threads = 8;
    int rounds = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int r = 0; r < rounds; r++) {
        exporter.reset();
        CountDownLatch go = new CountDownLatch(1);
        RecordedLlmCall[] call = new RecordedLlmCall[1];
        Span parent = tracer.spanBuilder("holder").startSpan();
        Context trace = Context.root().with(parent);
        parent.end(); // the call starts as the trace's only open span
        List<Future<?>> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          String name = "c" + t;
          started.add(
              pool.submit(
                  () -> {
                    go.await();
                    Span s = tracer.spanBuilder(name).setParent(trace).startSpan();
                    synchronized (call) {
                      while (call[0] == null) {
                        call.wait();
                      }
                    }
                    s.end(); // ends once the call has started, so it was open alongside it
                    return null;
                  }));
        }
        go.countDown();
        try (Scope ignored = trace.makeCurrent()) {
          RecordedLlmCall c = call(identified());
          synchronized (call) {
            call[0] = c;
            call.notifyAll();
          }
        }
        for (Future<?> f : started) {
          f.get(10, TimeUnit.SECONDS);
        }
        call[0].end(LlmResponse.empty());
        for (int t = 0; t < threads; t++) {
          assertIdentity(named("c" + t));
        }
        assertEquals(0, traceScoped.trackedTraces());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
