package dev.otelpresets.app.gateway;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body without holding a thread while the client sends it: each chunk is taken
 * when it arrives ({@link Request#demand}), so a client that drips its body a byte a second costs
 * a connection and a buffer, never a worker. A body that arrives slower than the minimum data
 * rate (after a short grace period) ends here with a {@link TimeoutException}; one that stops
 * arriving ends with the connection's idle timeout, also a {@link TimeoutException}.
 *
 * <p>The rate is checked here rather than with Jetty's {@code MinimumDataRateHandler}: in Jetty
 * 12.1.13 that handler divides the bytes read by <em>all</em> requests of the handler by one
 * request's elapsed time, so any other traffic hides a slow client (and {@code
 * HttpConfiguration.setMinRequestDataRate} is read only by Jetty's servlet layers).
 */
final class RequestBody {
  /** The body, or why there is none. Exactly one of the three is set. */
  record Result(byte[] bytes, boolean tooLarge, Throwable failure) {}

  /** Time a body may take before its rate is checked. */
  static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

  /**
   * How much of a body past the limit is read and discarded before the 413 is sent (as Tomcat's
   * {@code maxSwallowSize}): closing a connection with request bytes still unread makes the
   * kernel reset it, and the reset can destroy the 413 before the client reads it.
   */
  static final long SWALLOW_BYTES = 2L * 1024 * 1024;

  private final Request request;
  private final long max;
  private final long minBytesPerSecond;
  private final Consumer<Result> done;
  private final ByteArrayOutputStream out;
  private final long start = System.nanoTime();
  private long received;
  private boolean over;

  private RequestBody(Request request, long max, long minBytesPerSecond, Consumer<Result> done) {
    this.request = request;
    this.max = max;
    this.minBytesPerSecond = minBytesPerSecond;
    this.done = done;
    long declared = request.getLength();
    this.out = new ByteArrayOutputStream(declared > 0 && declared <= max ? (int) declared : 1024);
  }

  /**
   * Reads the body of {@code request} up to {@code max} bytes, at least {@code
   * minBytesPerSecond} (0: any rate), and hands the result to {@code done}, on whichever thread
   * the last chunk arrived on.
   */
  static void read(Request request, long max, long minBytesPerSecond, Consumer<Result> done) {
    new RequestBody(request, max, minBytesPerSecond, done).next();
  }

  private void next() {
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        request.demand(this::next);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        done.accept(new Result(null, false, chunk.getFailure()));
        return;
      }
      boolean last = chunk.isLast();
      int n = chunk.remaining();
      received += n;
      over = over || out.size() + (long) n > max;
      if (!over && n > 0) {
        byte[] buf = new byte[n];
        chunk.get(buf, 0, n);
        out.write(buf, 0, n);
      }
      chunk.release();
      if (over && (last || received - max > SWALLOW_BYTES)) {
        done.accept(new Result(null, true, null));
        return;
      }
      if (last) {
        done.accept(new Result(out.toByteArray(), false, null));
        return;
      }
      if (tooSlow()) {
        done.accept(
            over
                ? new Result(null, true, null)
                : new Result(
                    null,
                    false,
                    new TimeoutException(
                        "the request body arrived at "
                            + rate()
                            + " bytes/s, below the minimum of "
                            + minBytesPerSecond)));
        return;
      }
    }
  }

  private boolean tooSlow() {
    return minBytesPerSecond > 0
        && System.nanoTime() - start > GRACE_NANOS
        && rate() < minBytesPerSecond;
  }

  private long rate() {
    long elapsed = Math.max(1, System.nanoTime() - start);
    return received * 1_000_000_000L / elapsed;
  }
}
