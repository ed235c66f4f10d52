package dev.otelpresets.app.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A streamed upstream body read with a bound on the silence between its pieces: a read that waits
 * longer than {@code idle} for the next bytes cancels the response (the connection is let go) and
 * throws {@link Stalled}. Without it an upstream that starts a stream and then stops sending holds
 * its model call, and its slot among the gateway's concurrent model calls, forever. Subscribe it to
 * the publisher of {@link java.net.http.HttpResponse.BodyHandlers#ofPublisher()}; it asks for one
 * piece at a time, so at most one unread piece is buffered.
 */
final class IdleBoundedBody extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {
  /** Nothing arrived for the idle bound. */
  static final class Stalled extends HttpTimeoutException {
    private static final long serialVersionUID = 1L;

    Stalled(Duration idle) {
      super("no data from the upstream for " + idle.toSeconds() + " s");
    }
  }

  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Duration idle;
  private volatile Flow.Subscription subscription;
  private Iterator<ByteBuffer> pieces = Collections.emptyIterator();
  private ByteBuffer current;
  private boolean ended;

  IdleBoundedBody(Duration idle) {
    this.idle = idle;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    queue.add(item);
  }

  @Override
  public void onError(Throwable t) {
    queue.add(t);
  }

  @Override
  public void onComplete() {
    queue.add(END);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (current == null || !current.hasRemaining()) {
      if (pieces.hasNext()) {
        current = pieces.next();
        continue;
      }
      if (ended) {
        return -1;
      }
      Object item;
      try {
        item = queue.poll(idle.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new InterruptedIOException("interrupted while reading the upstream's stream");
      }
      if (item == null) {
        close();
        throw new Stalled(idle);
      }
      if (item == END) {
        ended = true;
        return -1;
      }
      if (item instanceof Throwable t) {
        ended = true;
        throw t instanceof IOException io ? io : new IOException(t.getClass().getSimpleName(), t);
      }
      @SuppressWarnings("unchecked")
      List<ByteBuffer> list = (List<ByteBuffer>) item;
      pieces = list.iterator();
      Flow.Subscription s = subscription;
      if (s != null) {
        s.request(1);
      }
    }
    int n = Math.min(len, current.remaining());
    current.get(b, off, n);
    return n;
  }

  /** Lets the response go: the client stops reading it and releases its connection. */
  @Override
  public void close() {
    ended = true;
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }
}
