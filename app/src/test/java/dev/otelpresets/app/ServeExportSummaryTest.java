package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** When serve stops it prints, per backend, what was exported, failed and dropped. */
class ServeExportSummaryTest {

  @Test
  void stoppingPrintsWhatEachBackendExportedFailedAndDropped() throws Exception {
    ServeFixture serve =
        new ServeFixture(
            true,
            f ->
                "settings:\n  shutdown_hook: false\n"
                    + "models:\n  - name: m\n    provider: openai\n");
    String names;
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(serve.baseUrl().resolve("/v1/chat/completions"))
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      names = String.join(",", serve.receivers.keySet());
    } finally {
      serve.close();
    }
    String out = serve.out.toString();
    assertTrue(out.contains("otel-presets gateway stopped. Spans per backend"), out);
    for (String name : names.split(",")) {
      String line =
          "  "
              + String.format("%-10s", name)
              + " 2 exported, 0 failed, 0 dropped"
              + System.lineSeparator();
      // the otel callback's exporter may be the SDK's own, outside the per-backend counters
      assertTrue(name.equals("otel") || out.contains(line), "no line '" + line + "' in\n" + out);
    }
  }
}
