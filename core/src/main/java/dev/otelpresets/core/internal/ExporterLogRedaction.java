package dev.otelpresets.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps backend response bodies out of the logs. The SDK's OTLP exporters and senders log a failed
 * export through {@code java.util.logging} with what the server sent: the HTTP response body, the
 * gRPC status message, or an exception whose message may quote the server's bytes. A backend that
 * echoes the request puts the credentials there, and a line break in it can forge log lines. This
 * filter, installed on each of those loggers, keeps their line up to the server's words and drops
 * the rest and the exception's message; the failure is said in words, rate-limited, by {@link
 * ExportFailures} through the owner's exporter.
 */
final class ExporterLogRedaction implements Filter {
  /** Where the SDK's failure messages start quoting the server. */
  private static final List<String> QUOTE_MARKERS =
      List.of(". Error message:", "Error message:", "Full error message:", "Details follow:");

  static final String WITHHELD = " [response withheld by otel-presets]";

  /**
   * Every logger of the OTLP exporters, their senders and the SDK's processors that may quote a
   * server or a header value (SDK 1.67).
   */
  static final List<String> LOGGERS =
      List.of(
          "io.opentelemetry.exporter.otlp.internal.HttpExporter",
          "io.opentelemetry.exporter.otlp.internal.GrpcExporter",
          // the same classes' names in earlier SDK versions
          "io.opentelemetry.exporter.internal.http.HttpExporter",
          "io.opentelemetry.exporter.internal.grpc.GrpcExporter",
          "io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSender",
          "io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSender",
          "io.opentelemetry.exporter.sender.okhttp.internal.OkHttpGrpcSender",
          "io.opentelemetry.exporter.sender.okhttp.internal.RetryInterceptor",
          // processors log what an exporter threw (the JDK's header error quotes the value)
          "io.opentelemetry.sdk.trace.export.BatchSpanProcessor",
          "io.opentelemetry.sdk.trace.export.SimpleSpanProcessor",
          "io.opentelemetry.sdk.metrics.export.PeriodicMetricReader",
          "io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor");

  /** Strong references: java.util.logging keeps loggers only weakly, and with them the filter. */
  private static final List<Logger> INSTALLED = new ArrayList<>();

  private final Filter next;

  private ExporterLogRedaction(Filter next) {
    this.next = next;
  }

  /** Installs the filter on every logger in {@link #LOGGERS} once; idempotent, thread-safe. */
  static synchronized void install() {
    // inside the Java agent, java.util.logging is not touched (the agent's exporters log their
    // own way, and initialising the LogManager that early can break the application's logging)
    if (!INSTALLED.isEmpty() || !RedirectSafeSenders.inUse()) {
      return;
    }
    for (String name : LOGGERS) {
      Logger logger = Logger.getLogger(name);
      Filter current = logger.getFilter();
      if (!(current instanceof ExporterLogRedaction)) {
        logger.setFilter(new ExporterLogRedaction(current));
      }
      INSTALLED.add(logger);
    }
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    record.setMessage(redact(record.getMessage()));
    record.setParameters(null);
    Throwable thrown = record.getThrown();
    if (thrown != null) {
      // an exception's message can quote the server (an invalid status line, say): keep its type
      record.setThrown(null);
      record.setMessage(record.getMessage() + " (" + thrown.getClass().getSimpleName() + ")");
    }
    return next == null || next.isLoggable(record);
  }

  /** The message up to where it quotes the server, on one line. */
  static String redact(String message) {
    if (message == null) {
      return null;
    }
    String out = message;
    for (String marker : QUOTE_MARKERS) {
      int at = out.indexOf(marker);
      if (at >= 0) {
        out = out.substring(0, at) + WITHHELD;
      }
    }
    return oneLine(out);
  }

  /** Control characters (line breaks first of all) become spaces, so no text forges a line. */
  static String oneLine(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      b.append(Character.isISOControl(c) ? ' ' : c);
    }
    return b.toString();
  }
}
