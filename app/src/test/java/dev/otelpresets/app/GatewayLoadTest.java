package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otelpresets.testkit.ReceivedSpan;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A bounded loopback load test: 8 threads x 50 requests, every answer checked. */
class GatewayLoadTest {
  static final int THREADS = 8;
  static final int PER_THREAD = 50;

  @Test
  void everyConcurrentRequestIsAnsweredCorrectlyAndTracedOnce() throws Exception {
    ObjectMapper json = new ObjectMapper();
    try (ServeFixture serve =
        new ServeFixture(
            false,
            f ->
                "settings:\n  shutdown_hook: false\n"
                    + "models:\n  - name: m\n    provider: openai\n    mock_latency_ms: 2\n"
                    + "keys:\n  sk-load: {}\n")) {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<String> traceIds = new ConcurrentLinkedQueue<>();
      List<Future<?>> futures = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < PER_THREAD; i++) {
                    String question = "question " + thread + "-" + i;
                    boolean stream = i % 5 == 0;
                    String body =
                        "{\"model\":\"m\",\"stream\":"
                            + stream
                            + ",\"messages\":[{\"role\":"
                            + "\"user\",\"content\":\""
                            + question
                            + "\"}]}";
                    try {
                      HttpResponse<String> r =
                          client.send(
                              HttpRequest.newBuilder(
                                      serve.baseUrl().resolve("/v1/chat/completions"))
                                  .timeout(Duration.ofSeconds(30))
                                  .header("Authorization", "Bearer sk-load")
                                  .POST(HttpRequest.BodyPublishers.ofString(body))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString());
                      String text;
                      if (stream) {
                        StringBuilder sb = new StringBuilder();
                        for (String line : r.body().split("\n")) {
                          if (line.startsWith("data: {")) {
                            sb.append(
                                json.readTree(line.substring(6))
                                    .path("choices")
                                    .path(0)
                                    .path("delta")
                                    .path("content")
                                    .asText(""));
                          }
                        }
                        text = r.body().contains("data: [DONE]") ? sb.toString() : "";
                      } else {
                        JsonNode n = json.readTree(r.body());
                        text = n.path("choices").path(0).path("message").path("content").asText();
                      }
                      if (r.statusCode() != 200 || !text.contains(question)) {
                        failures.add(r.statusCode() + " " + r.body());
                      }
                      traceIds.add(
                          r.headers().firstValue("traceresponse").orElse("--").split("-")[1]);
                    } catch (Exception e) {
                      failures.add(e.toString());
                    }
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(failures.isEmpty(), failures.size() + " failures, e.g. " + failures.peek());
      int total = THREADS * PER_THREAD;
      Set<String> distinct = new HashSet<>(traceIds);
      assertEquals(total, distinct.size(), "one trace per request");
      serve.flush();
      List<ReceivedSpan> spans =
          serve.receivers.get("otel").awaitSpans(2 * total, ServeFixture.WAIT);
      assertEquals(2 * total, spans.size(), "server span + LLM span per request, once each");
      Set<String> received = new HashSet<>();
      spans.forEach(s -> received.add(s.traceId()));
      assertEquals(distinct, received);
      System.out.println("load: " + total + " requests in " + millis + " ms");
    }
  }
}
