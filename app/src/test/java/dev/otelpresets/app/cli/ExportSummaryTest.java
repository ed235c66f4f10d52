package dev.otelpresets.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.otelpresets.core.AgentRequest;
import dev.otelpresets.core.AgentSpan;
import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.Tenant;
import dev.otelpresets.core.ToolCall;
import dev.otelpresets.core.ToolRequest;
import io.opentelemetry.api.OpenTelemetry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The summary serve prints when it stops, for final numbers a real close() produces when it hits
 * the shutdown limit (GracefulShutdownTest drives that end to end; this checks the wording).
 */
class ExportSummaryTest {

  @Test
  void spansAbandonedAtShutdownAreSaidPerBackendAndOnlyWhereThereAreAny() {
    GenAiTelemetry closed =
        new ClosedTelemetry(
            List.of(
                new ExportStats(
                    "x", 34, 34, 844, 288, "export to x threw IllegalArgumentException"),
                new ExportStats("otel", 1200, 0, 0, 0, null)));
    StringWriter out = new StringWriter();
    ServeCommand.printExportSummary(new PrintWriter(out), closed);
    String n = System.lineSeparator();
    assertEquals(
        "otel-presets gateway stopped. Spans per backend (dropped: on a full queue):"
            + n
            + "  x          34 exported, 34 failed, 844 dropped, 288 abandoned at shutdown;"
            + " last failure: export to x threw IllegalArgumentException"
            + n
            + "  otel       1200 exported, 0 failed, 0 dropped"
            + n,
        out.toString());
  }

  @Test
  void spansSampledOutAreSaidOnlyWhereThereAreAny() {
    GenAiTelemetry closed =
        new ClosedTelemetry(
            List.of(
                new ExportStats("langfuse", 120, 0, 0, 0, 280, null),
                new ExportStats("otel", 400, 0, 0, 0, 0, null)));
    StringWriter out = new StringWriter();
    ServeCommand.printExportSummary(new PrintWriter(out), closed);
    String n = System.lineSeparator();
    assertEquals(
        "otel-presets gateway stopped. Spans per backend (dropped: on a full queue):"
            + n
            + "  langfuse   120 exported, 0 failed, 0 dropped, 280 sampled out"
            + n
            + "  otel       400 exported, 0 failed, 0 dropped"
            + n,
        out.toString());
  }

  /** A telemetry after close(): only its final numbers are left to read. */
  private record ClosedTelemetry(List<ExportStats> exportStats) implements GenAiTelemetry {
    @Override
    public LlmCall startCall(LlmRequest request) {
      throw new IllegalStateException("closed");
    }

    @Override
    public AgentSpan startAgent(AgentRequest request) {
      throw new IllegalStateException("closed");
    }

    @Override
    public ToolCall startTool(ToolRequest request) {
      throw new IllegalStateException("closed");
    }

    @Override
    public dev.otelpresets.core.EmbeddingsCall startEmbeddings(
        dev.otelpresets.core.EmbeddingsRequest request) {
      throw new IllegalStateException("closed");
    }

    @Override
    public dev.otelpresets.core.RetrievalCall startRetrieval(
        dev.otelpresets.core.RetrievalRequest request) {
      throw new IllegalStateException("closed");
    }

    @Override
    public boolean bindTenant(Tenant tenant) {
      return false;
    }

    @Override
    public OpenTelemetry openTelemetry() {
      return OpenTelemetry.noop();
    }

    @Override
    public ContentCapture contentCapture() {
      return ContentCapture.NO_CONTENT;
    }

    @Override
    public List<String> presetNames() {
      return List.of("x", "otel");
    }

    @Override
    public boolean forceFlush(Duration timeout) {
      return true;
    }

    @Override
    public void close() {}
  }
}
