package dev.otelpresets.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;

/**
 * Captures what is logged, while still printing it, so tests can scan logs for messages and for
 * leaked secrets: what slf4j-simple prints (it writes to the current {@code System.err}) and every
 * record {@code java.util.logging} publishes (the OpenTelemetry SDK's exporters log there; its
 * console handler may hold an earlier {@code System.err}, so a handler on the root logger takes
 * the records themselves, exception and stack trace included).
 */
public final class LogCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final Handler julHandler = new JulHandler();

  /** Starts capturing; {@link #close()} restores the original {@code System.err}. */
  public LogCapture() {
    System.setErr(new PrintStream(new Tee(captured, original), true, StandardCharsets.UTF_8));
    Logger.getLogger("").addHandler(julHandler);
  }

  /** Everything printed so far. */
  public String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  /** The captured text, line by line. */
  public List<String> lines() {
    return text().lines().collect(Collectors.toUnmodifiableList());
  }

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(julHandler);
    System.setErr(original);
  }

  /** Appends each published record, as {@code [JUL LEVEL] logger: message} and its stack trace. */
  private final class JulHandler extends Handler {
    private final Formatter formatter = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
      StringBuilder line =
          new StringBuilder()
              .append("[JUL ")
              .append(record.getLevel())
              .append("] ")
              .append(record.getLoggerName())
              .append(": ")
              .append(formatter.formatMessage(record))
              .append('\n');
      if (record.getThrown() != null) {
        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        line.append(trace);
      }
      byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
      synchronized (captured) {
        captured.write(bytes, 0, bytes.length);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  private static final class Tee extends OutputStream {
    private final ByteArrayOutputStream a;
    private final OutputStream b;

    Tee(ByteArrayOutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws IOException {
      synchronized (a) {
        a.write(c);
      }
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      synchronized (a) {
        a.write(buf, off, len);
      }
      b.write(buf, off, len);
    }
  }
}
