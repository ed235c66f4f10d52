package dev.otelpresets.app.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;

/**
 * Closes a connection that does not deliver a request within {@code timeout}: from when it opened
 * or its previous response ended until the next request's headers are complete. Jetty's idle
 * timeout restarts with every byte, so without this a client dripping one header byte a second
 * keeps its connection for as long as the header size limit lasts (hours). Between requests it
 * is also how long an idle keep-alive connection stays open.
 *
 * <p>Jetty counts a request on a connection ({@link Connection#getMessagesIn()}) when its headers
 * are complete; the gateway reports when it starts and finishes handling one, so a long LLM call
 * or stream is never cut. A sweeper thread checks every open connection twice a second.
 */
final class RequestHeaderTimeout implements Connection.Listener, AutoCloseable {
  private final long timeoutNanos;
  private final Map<Connection, Tracked> open = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper;

  private static final class Tracked {
    volatile long messagesIn;
    volatile long sinceNanos;
    volatile int active;

    Tracked(long messagesIn, long now) {
      this.messagesIn = messagesIn;
      this.sinceNanos = now;
    }
  }

  RequestHeaderTimeout(long timeoutMillis) {
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "otel-presets-gateway-header-timeout");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(50, Math.min(500, timeoutMillis / 4));
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public void onOpened(Connection connection) {
    open.put(connection, new Tracked(connection.getMessagesIn(), System.nanoTime()));
  }

  @Override
  public void onClosed(Connection connection) {
    open.remove(connection);
  }

  /** A request on {@code connection} is being handled: no deadline until it ends. */
  void requestStarted(Connection connection) {
    Tracked t = open.get(connection);
    if (t != null) {
      synchronized (t) {
        t.active++;
      }
    }
  }

  /** The request ended: the next one's headers are due within the timeout. */
  void requestEnded(Connection connection) {
    Tracked t = open.get(connection);
    if (t != null) {
      synchronized (t) {
        t.active--;
        t.sinceNanos = System.nanoTime();
      }
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    open.forEach(
        (connection, t) -> {
          long in = connection.getMessagesIn();
          synchronized (t) {
            if (in != t.messagesIn) {
              t.messagesIn = in;
              t.sinceNanos = now;
              return;
            }
            if (t.active > 0 || now - t.sinceNanos < timeoutNanos) {
              return;
            }
          }
          open.remove(connection);
          connection.close();
        });
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }
}
