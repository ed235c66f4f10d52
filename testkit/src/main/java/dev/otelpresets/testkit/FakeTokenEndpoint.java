package dev.otelpresets.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for AgentOps' {@code POST /v3/auth/token}: every call gets the same fake JWT
 * ({@code {"token": ..., "project_id": ...}}). Point {@code AGENTOPS_API_ENDPOINT} at {@link
 * #baseUrl()}. For demos, tests and load harnesses that need AgentOps without an account.
 */
public final class FakeTokenEndpoint implements AutoCloseable {
  /** A JWT-shaped token without an expiry claim. */
  public static final String DEFAULT_TOKEN =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.ZGVtby1zaWduYXR1cmU";

  private final HttpServer server;
  private final String token;
  private final AtomicInteger calls = new AtomicInteger();

  private FakeTokenEndpoint(String token, String acceptedKey) {
    this.token = Objects.requireNonNull(token, "token");
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake token endpoint", e);
    }
    byte[] body =
        ("{\"token\":\"" + token + "\",\"project_id\":\"demo\"}").getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/v3/auth/token",
        exchange -> {
          calls.incrementAndGet();
          String request =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          if (acceptedKey != null && !request.contains("\"api_key\":\"" + acceptedKey + "\"")) {
            exchange.sendResponseHeaders(401, -1); // like AgentOps: no token for an unknown key
            exchange.close();
            return;
          }
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /** Starts an endpoint answering {@link #DEFAULT_TOKEN}. */
  public static FakeTokenEndpoint start() {
    return new FakeTokenEndpoint(DEFAULT_TOKEN, null);
  }

  /** Starts an endpoint answering {@link #DEFAULT_TOKEN} for {@code apiKey} only, 401 else. */
  public static FakeTokenEndpoint startAccepting(String apiKey) {
    return new FakeTokenEndpoint(DEFAULT_TOKEN, Objects.requireNonNull(apiKey, "apiKey"));
  }

  /** Starts an endpoint answering {@code token}. */
  public static FakeTokenEndpoint start(String token) {
    return new FakeTokenEndpoint(token, null);
  }

  /** {@code http://127.0.0.1:PORT}, the value for {@code AGENTOPS_API_ENDPOINT}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The token every call gets. */
  public String token() {
    return token;
  }

  /** How many token requests arrived. */
  public int calls() {
    return calls.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
