package dev.otelpresets.testkit;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Answers 413, as a backend with a request size limit does, to an export whose body (after gzip
 * decompression, as backends also check) is over the limit; other requests pass on unchanged.
 */
final class BodySizeLimit extends Filter {
  private final AtomicLong maxBytes = new AtomicLong(Long.MAX_VALUE);
  private final AtomicInteger refused = new AtomicInteger();

  void set(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("the limit must be positive: " + bytes);
    }
    maxBytes.set(bytes);
  }

  void reset() {
    maxBytes.set(Long.MAX_VALUE);
    refused.set(0);
  }

  int refused() {
    return refused.get();
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    long limit = maxBytes.get();
    if (limit == Long.MAX_VALUE) {
      chain.doFilter(exchange);
      return;
    }
    byte[] raw;
    try (InputStream in = exchange.getRequestBody()) {
      raw = in.readAllBytes();
    }
    if (size(raw, exchange.getRequestHeaders().getFirst("Content-Encoding")) > limit) {
      refused.incrementAndGet();
      try (exchange) {
        exchange.sendResponseHeaders(413, -1);
      }
      return;
    }
    exchange.setStreams(new ByteArrayInputStream(raw), null);
    chain.doFilter(exchange);
  }

  private static long size(byte[] raw, String encoding) {
    if (!"gzip".equalsIgnoreCase(encoding)) {
      return raw.length;
    }
    long n = 0;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      byte[] buffer = new byte[8192];
      for (int r; (r = in.read(buffer)) > 0; ) {
        n += r;
      }
    } catch (IOException e) {
      return raw.length; // not gzip after all: the handler answers 400
    }
    return n;
  }

  @Override
  public String description() {
    return "answers 413 to bodies over a size limit";
  }
}
