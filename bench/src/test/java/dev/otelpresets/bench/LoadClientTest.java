package dev.otelpresets.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadClientTest {
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  LoadClientTest() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          seen.add(
              ex.getRequestMethod()
                  + " "
                  + ex.getRequestURI().getPath()
                  + " "
                  + ex.getRequestHeaders().getFirst("Authorization")
                  + " "
                  + ex.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + new String(body, StandardCharsets.UTF_8)
                  + " from "
                  + ex.getRemoteAddress().getPort());
          String mode = ex.getRequestURI().getPath();
          ex.getResponseHeaders().set("traceresponse", "00-abc-def-01");
          byte[] answer = ("answer to " + mode).getBytes(StandardCharsets.UTF_8);
          if (mode.equals("/close")) {
            ex.getResponseHeaders().set("Connection", "close");
          }
          int status = mode.equals("/missing") ? 404 : 200;
          // 0: chunked
          ex.sendResponseHeaders(status, mode.equals("/chunked") ? 0 : answer.length);
          try (OutputStream out = ex.getResponseBody()) {
            if (mode.equals("/chunked")) {
              out.write(answer, 0, 3);
              out.flush();
              out.write(answer, 3, answer.length - 3);
            } else {
              out.write(answer);
            }
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private String port(int i) {
    return seen.get(i).substring(seen.get(i).lastIndexOf(' ') + 1);
  }

  @Test
  void postsTheBodyAndReadsStatusHeaderAndBodyOverOneKeptAliveConnection() throws Exception {
    try (LoadClient c = new LoadClient(uri("/v1/chat"), "{\"q\":1}", "Bearer k", 5000)) {
      for (int i = 0; i < 3; i++) {
        LoadClient.Response r = c.send();
        assertEquals(200, r.status());
        assertEquals("00-abc-def-01", r.traceResponse());
        assertEquals("answer to /v1/chat", new String(r.body(), StandardCharsets.UTF_8));
      }
    }
    assertEquals(3, seen.size());
    assertEquals("POST /v1/chat Bearer k application/json {\"q\":1} from " + port(0), seen.get(0));
    assertEquals(port(0), port(2), "one connection, kept alive");
  }

  @Test
  void readsChunkedBodiesAndErrorStatuses() throws Exception {
    try (LoadClient chunked = new LoadClient(uri("/chunked"), "{}", "Bearer k", 5000);
        LoadClient missing = new LoadClient(uri("/missing"), "{}", "Bearer k", 5000)) {
      assertEquals("answer to /chunked", new String(chunked.send().body(), StandardCharsets.UTF_8));
      assertEquals("answer to /chunked", new String(chunked.send().body(), StandardCharsets.UTF_8));
      assertEquals(404, missing.send().status());
    }
  }

  @Test
  void reconnectsAfterTheServerClosesTheConnection() throws Exception {
    try (LoadClient c = new LoadClient(uri("/close"), "{}", "Bearer k", 5000)) {
      assertEquals(200, c.send().status());
      assertEquals(200, c.send().status());
    }
    assertEquals(2, seen.size());
    assertEquals(false, port(0).equals(port(1)), "a new connection after Connection: close");
  }

  @Test
  void failsWhenNothingListens() throws Exception {
    URI target = uri("/x");
    server.stop(0);
    try (LoadClient c = new LoadClient(target, "{}", "Bearer k", 2000)) {
      assertThrows(IOException.class, c::send);
    }
  }
}
