package dev.otelpresets.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what the logger (slf4j-simple, which writes to the current {@code System.err}) prints,
 * while still printing it, so tests can scan logs for messages and for leaked secrets.
 */
public final class LogCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  /** Starts capturing; {@link #close()} restores the original {@code System.err}. */
  public LogCapture() {
    System.setErr(new PrintStream(new Tee(captured, original), true, StandardCharsets.UTF_8));
  }

  /** Everything printed so far. */
  public String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setErr(original);
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
