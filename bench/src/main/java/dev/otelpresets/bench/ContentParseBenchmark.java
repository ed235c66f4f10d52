package dev.otelpresets.bench;

import dev.otelpresets.support.internal.ParsedContent;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The content parse alone, for the same batch as {@link ExportBenchmark} (512 LLM spans, 20 input
 * messages each, content on): each span's messages, system instructions and tool definitions read
 * from their JSON into {@link ParsedContent}, as the first mapper that reads content asks for them.
 * Every vocabulary that rewrites content (Arize, Phoenix, Weave, Langfuse, AgentOps) pays it once
 * per span, shared when several run; {@link ExportRatios} prints it next to the export ratios, so
 * the share of an owner's cost that is this parse, not its own mapping, can be read off.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 1)
public class ContentParseBenchmark {

  /** The batch's canonical spans. */
  @State(Scope.Benchmark)
  public static class Spans extends CpuTimedState {
    List<SpanData> canonical;

    @Setup(Level.Trial)
    public void setUp() {
      canonical = ExportBenchmark.record(true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      System.out.println("\n" + clock.summary("parse-content content=true"));
    }
  }

  @Benchmark
  public int parse(Spans s) {
    s.clock.ops++;
    int read = 0;
    for (SpanData span : s.canonical) {
      ParsedContent c = new ParsedContent(span.getAttributes());
      read +=
          c.inputMessages().size()
              + c.outputMessages().size()
              + c.systemInstructions().size()
              + c.toolDefinitions().size()
              + (c.plainMessages() ? 1 : 0);
    }
    return read;
  }
}
