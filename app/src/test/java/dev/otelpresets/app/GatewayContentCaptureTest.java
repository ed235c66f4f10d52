package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.testkit.LogCapture;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedRequest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Security: with content capture off (the default, {@code no_content}) no prompt or
 * completion text reaches any receiver or log; with {@code span_only} the same traffic does put
 * them at the collector, so the check can fail.
 */
class GatewayContentCaptureTest {
  static final String PROMPT = "PROMPT-MARKER-4e7d1 what is the capital of France";
  static final String SYSTEM = "SYSTEM-MARKER-a93c0 you are terse";

  /** The mock model's own words (MockModel: "... The answer is deterministic, so tests ..."). */
  static final String COMPLETION = "so tests and demos can rely on it";

  static final String TOOL_ANSWER = "TOOL-RESULT-MARKER-77b2";

  record Run(Map<String, String> received, String logs, List<String> answers) {}

  static Run run(String captureSetting) throws Exception {
    Map<String, String> received = new LinkedHashMap<>();
    List<String> answers = new ArrayList<>();
    String logs;
    try (LogCapture log = new LogCapture()) {
      ServeFixture serve =
          new ServeFixture(
              true,
              f ->
                  "settings:\n  shutdown_hook: false\n"
                      + (captureSetting == null
                          ? ""
                          : "  capture_message_content: " + captureSetting + "\n")
                      + "models:\n  - name: gpt-4o-mini\n    provider: openai\n");
      try {
        HttpClient client = HttpClient.newHttpClient();
        String messages =
            "[{\"role\":\"system\",\"content\":\""
                + SYSTEM
                + "\"},"
                + "{\"role\":\"user\",\"content\":\""
                + PROMPT
                + "\"}]";
        List<String> bodies =
            List.of(
                "{\"model\":\"gpt-4o-mini\",\"messages\":" + messages + "}",
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":" + messages + "}",
                "{\"model\":\"gpt-4o-mini\",\"mock_fail\":true,\"messages\":" + messages + "}",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
                    + PROMPT
                    + "\"},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\""
                    + TOOL_ANSWER
                    + "\"}]}");
        int traces = 0;
        for (String body : bodies) {
          HttpResponse<String> a =
              client.send(
                  HttpRequest.newBuilder(serve.baseUrl().resolve("/v1/chat/completions"))
                      .timeout(Duration.ofSeconds(20))
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          answers.add(a.body());
          traces++;
        }
        serve.flush();
        for (OtlpReceiver r : serve.receivers.values()) {
          r.awaitSpans(2 * traces, ServeFixture.WAIT);
        }
      } finally {
        serve.close();
      }
      serve.receivers.forEach(
          (name, r) -> {
            StringBuilder sb = new StringBuilder();
            for (ReceivedRequest q : r.requests()) {
              sb.append(q.headers()).append('\n').append(q.bodyAsText()).append('\n');
            }
            received.put(name, sb.toString());
          });
      logs = log.text() + serve.out + serve.err;
    }
    return new Run(received, logs, answers);
  }

  @Test
  void contentCaptureOffByDefaultSendsNoPromptOrCompletionAnywhere() throws Exception {
    Run off = run(null);
    // the mock really answered with the text we look for
    assertTrue(off.answers().get(0).contains(COMPLETION), off.answers().get(0));
    assertTrue(off.answers().get(0).contains("PROMPT-MARKER-4e7d1"), off.answers().get(0));
    assertTrue(off.answers().get(3).contains(TOOL_ANSWER), off.answers().get(3));
    assertTrue(off.received().size() >= 2, off.received().keySet().toString());
    for (Map.Entry<String, String> e : off.received().entrySet()) {
      for (String marker :
          List.of("PROMPT-MARKER", "SYSTEM-MARKER", COMPLETION, TOOL_ANSWER, "capital of France")) {
        assertFalse(e.getValue().contains(marker), e.getKey() + " received " + marker);
      }
    }
    for (String marker : List.of("PROMPT-MARKER", "SYSTEM-MARKER", COMPLETION, TOOL_ANSWER)) {
      assertFalse(off.logs().contains(marker), "logged: " + marker);
    }
  }

  @Test
  void spanOnlyDoesSendTheContentSoTheCheckAboveCanFail() throws Exception {
    Run on = run("span_only");
    String otel = on.received().get("otel");
    assertTrue(otel.contains("PROMPT-MARKER-4e7d1"), "prompt at the collector");
    assertTrue(otel.contains(COMPLETION), "completion at the collector");
    assertTrue(otel.contains(TOOL_ANSWER), "tool result at the collector");
    assertEquals(false, on.logs().contains("PROMPT-MARKER"), "content is never logged");
  }
}
