package dev.otelpresets.bench;

import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.core.internal.OwnerScopedSpanExporter;
import dev.otelpresets.core.internal.SharedContentSpan;
import dev.otelpresets.core.internal.TelemetryRuntime;
import dev.otelpresets.core.internal.otlp.OtlpHttpRecordSpanExporter;
import dev.otelpresets.core.internal.otlp.SpanRecord;
import dev.otelpresets.spi.ExporterOwner;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.internal.StandardComponentId;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
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
 * vocabulary mapper, resource overlay) plus the OTLP protobuf request body as that owner's
 * transport writes it ({@link #serialize(ExporterOwner, List)}), against {@code plain}: the SDK's
 * OTLP serialization of the canonical spans as they are. {@code all7} does it for every one of the
 * seven owners in one operation: the whole export work of a batch, to compare with 7 × {@code
 * plain} (seven plain exports of the same spans). {@link #serializeMapped} serializes each owner's
 * output mapped beforehand, so {@code mapAndSerialize / serializeMapped} is what the mapping adds
 * to the serialization of its own (larger) output; {@link #serializeMappedSdk} serializes the same
 * outputs with the SDK's marshaler, the reference that does not depend on our transport. The spans are real: recorded through
 * otel-presets and captured at a canonical exporter. {@link ExportRatios} prints the ratios from
 * the {@code CPU|} lines. One operation takes tens to hundreds of milliseconds, so the warm-up is
 * long enough (12 s) for the JIT to have compiled the export path before the measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 1)
public class ExportBenchmark {
  public static final int BATCH = 512;
  public static final int MESSAGES = 20;

  /** One batch and one owner's pipeline ({@code all7}: every owner's, in turn). */
  @State(Scope.Benchmark)
  public static class Batch extends CpuTimedState {
    /**
     * One owner's pipeline; {@code openinference}: Arize, Phoenix and Weave each map every span;
     * {@code all7}: all seven owners, each span's content parsed once for all of them.
     */
    @Param({
      "plain",
      "otel",
      "arize",
      "phoenix",
      "langfuse",
      "weave",
      "levo",
      "agentops",
      "openinference",
      "all7"
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
        if (vocabulary.equals("all7")) {
          exporters = runtime.exporters();
          if (exporters.size() != BenchPresets.ALL.size()) {
            throw new IllegalStateException(
                "expected " + BenchPresets.ALL.size() + " owners, got " + exporters.size());
          }
        } else {
          List<String> owners =
              vocabulary.equals("openinference")
                  ? List.of("arize", "phoenix", "weave")
                  : List.of(vocabulary);
          exporters = BenchPresets.exporters(runtime, owners);
        }
      }
      prepared();
    }

    /** After the batch and the exporters are ready. */
    void prepared() {}

    /** What the {@code CPU|} line calls this state's operation. */
    String operation() {
      return "export";
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      System.out.println(
          "\n" + clock.summary(operation() + " vocabulary=" + vocabulary + " content=" + content));
      if (runtime != null) {
        runtime.close();
      }
    }
  }

  /**
   * As {@link Batch}, with each owner's output mapped once, before measuring, and materialized:
   * each mapped span's attributes copied through {@code Attributes.builder()} into the SDK's own
   * attributes. So the baseline serializes plain data, and a mapper that returned a lazy view (its
   * work done only when the marshaler reads it) could not move its cost out of {@code
   * mapAndSerialize} into {@code serializeMapped}.
   */
  @State(Scope.Benchmark)
  public static class Mapped extends Batch {
    List<List<SpanData>> outputs;

    @Override
    void prepared() {
      outputs = new ArrayList<>();
      if (exporters.isEmpty()) {
        outputs.add(canonical);
      }
      for (OwnerScopedSpanExporter e : exporters) {
        List<SpanData> mapped = map(e, canonical);
        List<SpanData> materialized = new ArrayList<>(mapped.size());
        for (SpanData s : mapped) {
          materialized.add(new Materialized(s));
        }
        outputs.add(materialized);
      }
    }

    @Override
    String operation() {
      return "serialize-mapped";
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
    if (b.exporters.isEmpty()) {
      return serialize(b.canonical);
    }
    // each span as the fan-out hands it to the backends: its content parsed once for all
    List<SpanData> handed = b.canonical;
    if (b.exporters.size() > 1) {
      handed = new ArrayList<>(b.canonical.size());
      for (SpanData s : b.canonical) {
        handed.add(SharedContentSpan.sharingContent(s));
      }
    }
    int size = 0;
    for (OwnerScopedSpanExporter e : b.exporters) {
      size += serialize(e.owner(), map(e, handed));
    }
    return size;
  }

  /**
   * As {@link Mapped}, serialized by the SDK's own OTLP marshaler whatever the owner's transport:
   * the standard cost of sending that mapped output, the same reference for every owner.
   */
  @State(Scope.Benchmark)
  public static class MappedSdk extends Mapped {
    @Override
    String operation() {
      return "serialize-mapped-sdk";
    }
  }

  @Benchmark
  public int serializeMappedSdk(MappedSdk b) throws IOException {
    b.clock.ops++;
    int size = 0;
    for (List<SpanData> output : b.outputs) {
      size += serialize(output);
    }
    return size;
  }

  @Benchmark
  public int serializeMapped(Mapped b) throws IOException {
    b.clock.ops++;
    int size = 0;
    for (int i = 0; i < b.outputs.size(); i++) {
      ExporterOwner owner = b.exporters.isEmpty() ? null : b.exporters.get(i).owner();
      size += serialize(owner, b.outputs.get(i));
    }
    return size;
  }

  static List<SpanData> map(OwnerScopedSpanExporter exporter, List<SpanData> canonical) {
    List<SpanData> out = new ArrayList<>(canonical.size());
    for (SpanData s : canonical) {
      out.add(exporter.map(s));
    }
    return out;
  }

  /**
   * The request body as {@code owner}'s transport writes it: the framework's OTLP/HTTP exporter
   * (each span's bytes made once and shared by the owners whose mapped spans are equal, when the
   * spans come from the fan-out; see {@link OtlpHttpRecordSpanExporter}) for the presets, the
   * SDK's own serialization for {@code plain} ({@code owner} null: the floor, the bare SDK) and for
   * the {@code otel} callback (its exporter is the SDK's autoconfigured one).
   */
  static int serialize(ExporterOwner owner, List<SpanData> spans) throws IOException {
    if (owner == null || owner.equals(ExporterOwner.OTEL)) {
      return serialize(spans);
    }
    Marshaler body = recordsBody(spans);
    body.writeBinaryTo(Discard.INSTANCE);
    return body.getBinarySerializedSize();
  }

  /** The request body the framework's OTLP/HTTP exporter writes for {@code spans}. */
  static Marshaler recordsBody(List<SpanData> spans) {
    List<SpanRecord> records = new ArrayList<>(spans.size());
    for (SpanData s : spans) {
      records.add(RECORDS.encode(s));
    }
    return OtlpHttpRecordSpanExporter.body(records);
  }

  /** The framework's OTLP/HTTP exporter; it never sends here, only its encoder is used. */
  private static final OtlpHttpRecordSpanExporter RECORDS =
      new OtlpHttpRecordSpanExporter(
          new HttpExporterBuilder(
              StandardComponentId.ExporterType.OTLP_HTTP_SPAN_EXPORTER,
              "http://127.0.0.1:9/v1/traces"),
          SharedContentSpan::record);

  /** The SDK's OTLP protobuf serialization, as its HTTP exporter writes a request body. */
  static int serialize(List<SpanData> spans) throws IOException {
    TraceRequestMarshaler m = TraceRequestMarshaler.create(spans);
    m.writeBinaryTo(Discard.INSTANCE);
    return m.getBinarySerializedSize();
  }

  /** A span with its attributes copied into the SDK's standard (array-backed) attributes. */
  static final class Materialized extends DelegatingSpanData {
    private final Attributes attributes;

    Materialized(SpanData mapped) {
      super(mapped);
      this.attributes = Attributes.builder().putAll(mapped.getAttributes()).build();
      if (attributes.size() != mapped.getAttributes().size()) {
        throw new IllegalStateException("attributes lost in the copy");
      }
    }

    @Override
    public Attributes getAttributes() {
      return attributes;
    }
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
