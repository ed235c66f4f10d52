package dev.otelpresets.app.gateway;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body without holding a thread while the client sends it: each chunk is taken
 * when it arrives ({@link Request#demand}), so a client that drips its body a byte a second costs
 * a connection and a buffer, never a worker. A slow body ends through the server's minimum data
 * rate or idle timeout, which arrive here as a failure.
 */
final class RequestBody {
  /** The body, or why there is none. Exactly one of the three is set. */
  record Result(byte[] bytes, boolean tooLarge, Throwable failure) {}

  private final Request request;
  private final long max;
  private final Consumer<Result> done;
  private final ByteArrayOutputStream out;

  private RequestBody(Request request, long max, Consumer<Result> done) {
    this.request = request;
    this.max = max;
    this.done = done;
    long declared = request.getLength();
    this.out = new ByteArrayOutputStream(declared > 0 && declared <= max
        ? (int) declared : 1024);
  }

  /**
   * Reads the body of {@code request} up to {@code max} bytes and hands the result to {@code done},
   * on whichever thread the last chunk arrived on.
   */
  static void read(Request request, long max, Consumer<Result> done) {
    new RequestBody(request, max, done).next();
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
      boolean tooLarge = out.size() + (long) n > max;
      if (!tooLarge && n > 0) {
        byte[] buf = new byte[n];
        chunk.get(buf, 0, n);
        out.write(buf, 0, n);
      }
      chunk.release();
      if (tooLarge) {
        done.accept(new Result(null, true, null));
        return;
      }
      if (last) {
        done.accept(new Result(out.toByteArray(), false, null));
        return;
      }
    }
  }
}
