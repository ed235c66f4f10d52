package dev.otelpresets.bench;

import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.core.internal.OwnerScopedSpanExporter;
import dev.otelpresets.core.internal.SharedContentSpan;
import dev.otelpresets.core.internal.TelemetryRuntime;
import dev.otelpresets.spi.ExporterOwner;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The export thread's cost per batch of 512 LLM spans (20 input messages each, content off and
 * on): each owner's pipeline ({@link OwnerScopedSpanExporter#map}: internal keys stripped,
 * vocabulary mapper, resource overlay) plus OTLP protobuf serialization, against {@code plain}:
 * OTLP serialization of the canonical spans as they are. The spans are real: recorded through
 * otel-presets and captured at a canonical exporter.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ExportBenchmark {
  public static final int BATCH = 512;
  public static final int MESSAGES = 20;

  /** One batch and one owner's pipeline. */
  @State(Scope.Benchmark)
  public static class Batch extends CpuTimedState {
    /** One owner's pipeline; {@code openinference}: Arize, Phoenix and Weave each map every span. */
    @Param({
      "plain",
      "otel",
      "arize",
      "phoenix",
      "langfuse",
      "weave",
      "levo",
      "agentops",
      "openinference"
    })
    public String vocabulary;

    @Param({"false", "true"})
    public boolean content;

    List<SpanData> canonical;
    List<OwnerScopedSpanExporter> exporters = List.of(); // empty for plain
    TelemetryRuntime runtime;

    @Setup(Level.Trial)
    public void setUp() {
      canonical = record(content);
      if (!vocabulary.equals("plain")) {
        runtime = BenchPresets.start(BenchPresets.ALL, content, false);
        List<String> owners =
            vocabulary.equals("openinference")
                ? List.of("arize", "phoenix", "weave")
                : List.of(vocabulary);
        exporters =
            owners.stream()
                .map(
                    o ->
                        runtime.exporters().stream()
                            .filter(e -> e.owner().equals(ExporterOwner.of(o)))
                            .findFirst()
                            .orElseThrow())
                .toList();
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      System.out.println(
          "\n" + clock.summary("export vocabulary=" + vocabulary + " content=" + content));
      if (runtime != null) {
        runtime.close();
      }
    }
  }

  /** 512 calls recorded through otel-presets, as the canonical ({@code levo}) exporter got them. */
  static List<SpanData> record(boolean content) {
    Collecting collecting = new Collecting();
    TelemetryRuntime rt =
        BenchPresets.start(
            BenchPresets.rewired((spec, otlp) -> collecting), List.of("levo"), content, "none", "");
    try {
      LlmRequest request = Calls.request(MESSAGES);
      LlmResponse response = Calls.response();
      for (int i = 0; i < BATCH; i++) {
        Calls.ourCall(rt, request, response);
      }
      if (!rt.forceFlush(Duration.ofSeconds(30))) {
        throw new IllegalStateException("flush timed out");
      }
    } finally {
      rt.close();
    }
    if (collecting.spans.size() != BATCH) {
      throw new IllegalStateException(
          "recorded " + collecting.spans.size() + " spans, not " + BATCH);
    }
    return List.copyOf(collecting.spans);
  }

  @Benchmark
  public int mapAndSerialize(Batch b) throws IOException {
    b.clock.ops++;
    List<SpanData> out;
    if (b.exporters.isEmpty()) {
      out = b.canonical;
    } else {
      out = new ArrayList<>(b.canonical.size() * b.exporters.size());
      for (SpanData s : b.canonical) {
        // each span as the fan-out hands it to the backends: its content parsed once for all
        SpanData handed = b.exporters.size() == 1 ? s : SharedContentSpan.sharingContent(s);
        for (OwnerScopedSpanExporter e : b.exporters) {
          out.add(e.map(handed));
        }
      }
    }
    TraceRequestMarshaler m = TraceRequestMarshaler.create(out);
    m.writeBinaryTo(Discard.INSTANCE);
    return m.getBinarySerializedSize();
  }

  /** An OutputStream that writes nowhere. */
  static final class Discard extends OutputStream {
    static final Discard INSTANCE = new Discard();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

  /** Keeps what it is handed. */
  static final class Collecting implements SpanExporter {
    final List<SpanData> spans = Collections.synchronizedList(new ArrayList<>());

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
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
}
