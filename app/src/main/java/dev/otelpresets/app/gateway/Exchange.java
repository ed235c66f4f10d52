package dev.otelpresets.app.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * One request and its response on the gateway's Jetty server. Writes block until the bytes are
 * written (or the connection's idle timeout fails them), so handler code reads top to bottom; the
 * request body is read without blocking ({@link RequestBody}), so a slow client holds no thread.
 * {@link #complete()} or {@link #abort} ends the exchange exactly once.
 */
final class Exchange {
  private final Request request;
  private final Response response;
  private final Callback callback;
  private final AtomicBoolean done = new AtomicBoolean();

  Exchange(Request request, Response response, Callback callback) {
    this.request = request;
    this.response = response;
    this.callback = callback;
  }

  Request request() {
    return request;
  }

  String method() {
    return request.getMethod();
  }

  /** The decoded path, without the query. */
  String path() {
    return request.getHttpURI().getDecodedPath();
  }

  /** The first value of a request header, or null. */
  String header(String name) {
    return request.getHeaders().get(name);
  }

  /** The declared {@code Content-Length}, or -1 when none was sent (chunked). */
  long declaredLength() {
    return request.getLength();
  }

  void setHeader(String name, String value) {
    response.getHeaders().put(name, value);
  }

  /** Sends a whole JSON response; returns {@code status}. */
  int sendJson(int status, byte[] body) throws IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    write(true, ByteBuffer.wrap(body));
    return status;
  }

  /** Commits a 200 response of unknown length (chunked), to be written through the stream. */
  OutputStream startStream(String contentType) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    return Content.Sink.asOutputStream(response);
  }

  /** Writes one piece of the response and waits until it is written. */
  void write(boolean last, ByteBuffer bytes) throws IOException {
    try (Blocker.Callback written = Blocker.callback()) {
      response.write(last, bytes, written);
      written.block();
    }
  }

  /** The exchange is over: Jetty finishes the response (if the handler did not) and recycles. */
  void complete() {
    if (done.compareAndSet(false, true)) {
      callback.succeeded();
    }
  }

  /** The exchange failed (the client went away, or nothing valid can be sent). */
  void abort(Throwable failure) {
    if (done.compareAndSet(false, true)) {
      callback.failed(failure);
    }
  }
}
