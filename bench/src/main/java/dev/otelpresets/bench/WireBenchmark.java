package dev.otelpresets.bench;

import dev.otelpresets.core.internal.OwnerScopedSpanExporter;
import dev.otelpresets.core.internal.SharedContentSpan;
import dev.otelpresets.core.internal.TelemetryRuntime;
import dev.otelpresets.core.internal.otlp.FastGzip;
import dev.otelpresets.core.internal.otlp.OtlpHttpRecordSpanExporter;
import dev.otelpresets.core.internal.otlp.RecordSource;
import dev.otelpresets.core.internal.otlp.SpanRecord;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.sdk.common.internal.StandardComponentId;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
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
 * The export thread's wire work per batch of 512 LLM spans (content on) for the two OpenInference
 * owners that send the same spans, Arize and Phoenix: each maps the batch, then the request body
 * is serialized and gzipped as the transport writes it. {@code wire=sdk}: the SDK's exporter (one
 * request marshaler per owner: a size pass and a write of every span, gzip level 6);
 * {@code wire=records}: the framework's (each span's bytes made once for both owners, the body
 * copied from them, gzip level 1). {@link #gzip} compares deflate levels on one mapped body and
 * prints the compressed sizes. {@link #encode} serializes one owner's mapped batch (content on)
 * without mapping or gzip: the SDK's request marshaler against the framework's per-span records.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WireBenchmark {
  private static final List<String> OWNERS = List.of("arize", "phoenix");

  /** The batch and the two owners' pipelines. */
  @State(Scope.Benchmark)
  public static class Owners extends CpuTimedState {
    @Param({"sdk", "records"})
    public String wire;

    List<SpanData> canonical;
    List<OwnerScopedSpanExporter> exporters;
    TelemetryRuntime runtime;

    @Setup(Level.Trial)
    public void setUp() {
      canonical = ExportBenchmark.record(true);
      runtime = BenchPresets.start(BenchPresets.ALL, true, false);
      exporters = BenchPresets.exporters(runtime, OWNERS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      System.out.println("\n" + clock.summary("wire=" + wire));
      runtime.close();
    }
  }

  /** One mapped body and a deflate level. */
  @State(Scope.Benchmark)
  public static class Body extends CpuTimedState {
    @Param({"1", "2", "3", "4", "5", "6"})
    public int level;

    byte[] body;
    long compressed;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      List<SpanData> canonical = ExportBenchmark.record(true);
      TelemetryRuntime runtime = BenchPresets.start(List.of("arize"), true, false);
      try {
        OwnerScopedSpanExporter arize = runtime.exporters().get(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceRequestMarshaler.create(ExportBenchmark.map(arize, canonical)).writeBinaryTo(out);
        body = out.toByteArray();
      } finally {
        runtime.close();
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      System.out.println("\n" + clock.summary("gzip level=" + level));
      System.out.printf(
          "%nGZIP|level=%d|body=%d|gzip=%d|ratio=%.4f%n",
          level, body.length, compressed, (double) compressed / body.length);
    }
  }

  /** One owner's batch, mapped and materialized beforehand, and a serializer. */
  @State(Scope.Benchmark)
  public static class Encoding extends CpuTimedState {
    /** {@code plain}: the canonical spans as recorded, unmapped. */
    @Param({"plain", "arize", "langfuse", "agentops"})
    public String vocabulary;

    /**
     * {@code sdk}: the SDK's {@code TraceRequestMarshaler} writes the request; {@code records}:
     * each span's bytes made by the framework's encoder (what the records body is copied from);
     * {@code body}: records and the request body written from them (the transport's whole work).
     */
    @Param({"sdk", "records", "body"})
    public String encoder;

    List<SpanData> spans;
    final OtlpHttpRecordSpanExporter records =
        new OtlpHttpRecordSpanExporter(
            new HttpExporterBuilder(
                StandardComponentId.ExporterType.OTLP_HTTP_SPAN_EXPORTER,
                "http://127.0.0.1:9/v1/traces"),
            RecordSource.UNSHARED);

    @Setup(Level.Trial)
    public void setUp() {
      List<SpanData> canonical = ExportBenchmark.record(true);
      if (vocabulary.equals("plain")) {
        spans = canonical;
        return;
      }
      TelemetryRuntime runtime = BenchPresets.start(List.of(vocabulary), true, false);
      try {
        List<SpanData> mapped =
            ExportBenchmark.map(
                BenchPresets.exporters(runtime, List.of(vocabulary)).get(0), canonical);
        spans = new ArrayList<>(mapped.size());
        for (SpanData s : mapped) {
          spans.add(new ExportBenchmark.Materialized(s));
        }
      } finally {
        runtime.close();
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      System.out.println(
          "\n" + clock.summary("encode vocabulary=" + vocabulary + " encoder=" + encoder));
    }
  }

  @Benchmark
  public long encode(Encoding e) throws IOException {
    e.clock.ops++;
    switch (e.encoder) {
      case "sdk" -> {
        TraceRequestMarshaler m = TraceRequestMarshaler.create(e.spans);
        m.writeBinaryTo(ExportBenchmark.Discard.INSTANCE);
        return m.getBinarySerializedSize();
      }
      case "records" -> {
        long size = 0;
        for (SpanData s : e.spans) {
          size += e.records.encode(s).size();
        }
        return size;
      }
      default -> {
        List<SpanRecord> records = new ArrayList<>(e.spans.size());
        for (SpanData s : e.spans) {
          records.add(e.records.encode(s));
        }
        Marshaler body = OtlpHttpRecordSpanExporter.body(records);
        body.writeBinaryTo(ExportBenchmark.Discard.INSTANCE);
        return body.getBinarySerializedSize();
      }
    }
  }

  @Benchmark
  public long mapSerializeGzip(Owners o) throws IOException {
    o.clock.ops++;
    // each span as the fan-out hands it to the backends
    List<SpanData> handed = new ArrayList<>(o.canonical.size());
    for (SpanData s : o.canonical) {
      handed.add(SharedContentSpan.sharingContent(s));
    }
    long bytes = 0;
    for (OwnerScopedSpanExporter e : o.exporters) {
      List<SpanData> mapped = ExportBenchmark.map(e, handed);
      Counting sink = new Counting();
      if (o.wire.equals("sdk")) {
        try (OutputStream gzip = new GZIPOutputStream(sink)) {
          TraceRequestMarshaler.create(mapped).writeBinaryTo(gzip);
        }
      } else {
        try (OutputStream gzip = FastGzip.instance().compress(sink)) {
          ExportBenchmark.recordsBody(mapped).writeBinaryTo(gzip);
        }
      }
      bytes += sink.count;
    }
    return bytes;
  }

  @Benchmark
  public long gzip(Body b) throws IOException {
    b.clock.ops++;
    Counting sink = new Counting();
    try (OutputStream gzip = FastGzip.atLevel(b.level).compress(sink)) {
      gzip.write(b.body);
    }
    b.compressed = sink.count;
    return sink.count;
  }

  /** Counts what it is written, keeps nothing. */
  static final class Counting extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
