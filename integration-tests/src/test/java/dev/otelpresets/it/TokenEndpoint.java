package dev.otelpresets.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** A stand-in for AgentOps' {@code POST /v3/auth/token}: answers a fixed JWT-shaped token. */
final class TokenEndpoint implements AutoCloseable {
  static final String TOKEN = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJkZW1vIn0.agentops-test-jwt";
  private final HttpServer server;
  final AtomicInteger calls = new AtomicInteger();

  TokenEndpoint() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v3/auth/token", exchange -> {
      calls.incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      byte[] body = ("{\"token\":\"" + TOKEN + "\",\"project_id\":\"p\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
