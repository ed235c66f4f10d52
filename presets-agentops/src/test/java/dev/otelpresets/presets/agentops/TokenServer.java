package dev.otelpresets.presets.agentops;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake AgentOps token endpoint: {@code POST /v3/auth/token} answers {@code {"token": jwt-N}} with
 * a fresh JWT per call, or a chosen error status while "down".
 */
final class TokenServer implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger issued = new AtomicInteger();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private volatile int downStatus; // 0 = up
  private volatile Instant expiry; // null = no exp claim

  TokenServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
          int status = downStatus;
          byte[] answer;
          if (status != 0) {
            answer = "{\"error\":\"down\"}".getBytes(StandardCharsets.UTF_8);
          } else {
            status = 200;
            answer =
                ("{\"token\":\""
                        + jwt(issued.incrementAndGet(), expiry)
                        + "\",\"project_id\":\"p-1\",\"project_prem_status\":\"free\"}")
                    .getBytes(StandardCharsets.UTF_8);
          }
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
  }

  /** A JWT-shaped token whose subject numbers it: {@code tok-1}, {@code tok-2}... as issued. */
  static String jwt(int n, Instant exp) {
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    String header =
        enc.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload =
        "{\"sub\":\"tok-"
            + n
            + "\""
            + (exp == null ? "" : ",\"exp\":" + exp.getEpochSecond())
            + "}";
    return header + "." + enc.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".sig" + n;
  }

  /** The n-th token this server issued (1-based), given the expiry it was issued with. */
  static String issuedToken(int n, Instant exp) {
    return jwt(n, exp);
  }

  String apiBaseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  URI tokenUrl() {
    return URI.create(apiBaseUrl() + "/v3/auth/token");
  }

  void down(int status) {
    downStatus = status;
  }

  void up() {
    downStatus = 0;
  }

  void expiry(Instant exp) {
    this.expiry = exp;
  }

  int requests() {
    return bodies.size();
  }

  int issued() {
    return issued.get();
  }

  List<String> bodies() {
    return bodies;
  }

  List<String> contentTypes() {
    return contentTypes;
  }

  List<String> paths() {
    return paths;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
