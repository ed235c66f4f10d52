package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.otelpresets.core.internal.otlp.OtlpHttpRecordSpanExporter;
import dev.otelpresets.core.internal.otlp.RecordSource;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.internal.StandardComponentId;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With the framework's OTLP/HTTP transport behind it, the size bound cuts a batch by the exact
 * sizes of the spans' bytes: every request body stays within the bound, and requests are as full
 * as the bound allows (no estimate's margin), over real HTTP to a loopback server.
 */
class ExactSizeBoundTest {
  private static final long MAX = 20_000;

  private HttpServer server;
  private final List<Integer> bodies = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            bodies.add(in.readAllBytes().length);
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** The framework's OTLP/HTTP transport to the loopback server. */
  private OtlpHttpRecordSpanExporter transport() {
    return new OtlpHttpRecordSpanExporter(
        new HttpExporterBuilder(
            StandardComponentId.ExporterType.OTLP_HTTP_SPAN_EXPORTER,
            "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces"),
        RecordSource.UNSHARED);
  }

  @Test
  void requestsAreCutByTheExactSizesOfTheSpansBytes() {
    OtlpHttpRecordSpanExporter transport = transport();
    try {
      List<SpanData> spans = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        // multi-byte text: 2 UTF-8 bytes a char
        spans.add(
            StageSpans.span(
                String.format("%032x", i + 1),
                Attributes.builder().put("text", "é".repeat(2_400 + i)).build()));
      }
      SizeBoundedSpanExporter bound = new SizeBoundedSpanExporter("x", transport, MAX);
      assertTrue(bound.export(spans).join(30, TimeUnit.SECONDS).isSuccess());

      // the fewest requests the exact sizes allow, cut in order
      int expected = 1;
      long size = OtlpHttpRecordSpanExporter.overhead(spans.get(0));
      for (SpanData s : spans) {
        int bytes = transport.encode(s).size();
        if (size + bytes > MAX) {
          expected++;
          size = OtlpHttpRecordSpanExporter.overhead(s);
        }
        size += bytes;
      }
      assertEquals(expected, bodies.size(), "requests: " + bodies);
      assertTrue(expected < 10 && expected > 1, "several spans a request: " + bodies);
      for (int body : bodies) {
        assertTrue(body <= MAX, "a body over the bound: " + bodies);
      }
    } finally {
      transport.shutdown();
    }
  }

  @Test
  void spansOfSeveralResourcesAndScopesStayWithinTheBoundWithTheirGroupsOverheads() {
    OtlpHttpRecordSpanExporter transport = transport();
    try {
      // a small and a large resource, a small and a large scope, alternating: a group's overhead
      // taken for another's would let a request grow over the bound
      Resource small = Resource.create(Attributes.builder().put("service.name", "s").build());
      Resource large =
          Resource.create(Attributes.builder().put("service.name", "r".repeat(3_000)).build());
      InstrumentationScopeInfo plain = InstrumentationScopeInfo.create("a");
      InstrumentationScopeInfo wide = InstrumentationScopeInfo.create("b".repeat(3_000));
      List<SpanData> spans = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        SpanData span =
            StageSpans.span(
                String.format("%032x", i + 1),
                Attributes.builder().put("text", "é".repeat(1_500 + i)).build());
        Resource resource = i % 2 == 0 ? small : large;
        InstrumentationScopeInfo scope = i % 4 < 2 ? plain : wide;
        spans.add(
            new DelegatingSpanData(span) {
              @Override
              public Resource getResource() {
                return resource;
              }

              @Override
              public InstrumentationScopeInfo getInstrumentationScopeInfo() {
                return scope;
              }
            });
      }
      SizeBoundedSpanExporter bound = new SizeBoundedSpanExporter("x", transport, MAX);
      assertTrue(bound.export(spans).join(30, TimeUnit.SECONDS).isSuccess());
      assertTrue(bodies.size() > 1 && bodies.size() < 16, "several spans a request: " + bodies);
      for (int body : bodies) {
        assertTrue(body <= MAX, "a body over the bound: " + bodies);
      }
    } finally {
      transport.shutdown();
    }
  }
}
