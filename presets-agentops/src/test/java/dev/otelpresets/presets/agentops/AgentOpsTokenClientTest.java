package dev.otelpresets.presets.agentops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentOpsTokenClientTest {
  private static final String KEY = "ak-\"quoted\"-SECRET";

  @Test
  void postsTheApiKeyAsJsonAndReadsTheToken() throws IOException {
    try (TokenServer server = new TokenServer()) {
      AgentOpsTokenClient client =
          new AgentOpsTokenClient(server.tokenUrl(), KEY, Duration.ofSeconds(5));
      String token = client.fetch();
      assertEquals(TokenServer.issuedToken(1, null), token);
      assertEquals(List.of("POST /v3/auth/token"), server.paths());
      assertEquals(List.of("{\"api_key\":\"ak-\\\"quoted\\\"-SECRET\"}"), server.bodies());
      assertEquals(List.of("application/json"), server.contentTypes());
    }
  }

  @Test
  void errorStatusesFailWithoutSecrets() throws IOException {
    try (TokenServer server = new TokenServer()) {
      AgentOpsTokenClient client =
          new AgentOpsTokenClient(server.tokenUrl(), KEY, Duration.ofSeconds(5));
      server.down(401);
      IOException e = assertThrows(IOException.class, client::fetch);
      assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
      assertTrue(e.getMessage().contains("AGENTOPS_API_KEY"), e.getMessage());
      assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
      server.down(503);
      e = assertThrows(IOException.class, client::fetch);
      assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
      assertFalse(client.toString().contains("SECRET"));
    }
  }

  @Test
  void answerWithoutTokenFails() throws IOException {
    for (String body :
        List.of("{\"project_id\":\"p\"}", "{\"token\":\"\"}", "not json", "{\"token\":42}")) {
      HttpServer server = serve(body);
      try {
        AgentOpsTokenClient client =
            new AgentOpsTokenClient(url(server), KEY, Duration.ofSeconds(5));
        IOException e = assertThrows(IOException.class, client::fetch, body);
        assertTrue(e.getMessage().contains("without a token"), e.getMessage());
      } finally {
        server.stop(0);
      }
    }
  }

  @Test
  void unreachableEndpointFailsWithinTheTimeout() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    AgentOpsTokenClient client =
        new AgentOpsTokenClient(
            URI.create("http://127.0.0.1:" + port + "/v3/auth/token"), KEY, Duration.ofSeconds(2));
    IOException e = assertThrows(IOException.class, client::fetch);
    assertTrue(e.getMessage().contains("could not be reached"), e.getMessage());
    assertFalse(e.getMessage().contains("SECRET"));
  }

  @Test
  void slowEndpointTimesOut() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try {
            Thread.sleep(3_000);
          } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    server.start();
    try {
      AgentOpsTokenClient client =
          new AgentOpsTokenClient(url(server), KEY, Duration.ofMillis(300));
      long start = System.nanoTime();
      assertThrows(IOException.class, client::fetch);
      assertTrue(System.nanoTime() - start < 2_500_000_000L, "the timeout bounds the fetch");
    } finally {
      server.stop(0);
    }
  }

  private static HttpServer serve(String body) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, b.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(b);
          }
        });
    server.start();
    return server;
  }

  private static URI url(HttpServer server) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v3/auth/token");
  }
}
