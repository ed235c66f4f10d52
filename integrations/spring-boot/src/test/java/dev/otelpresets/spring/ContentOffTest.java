package dev.otelpresets.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.testkit.MockOpenAiServer;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedSpan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code capture-message-content: no_content}: the same spans, no message or tool content. */
@SpringBootTest(
    classes = WeatherTestApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ContentOffTest {
  static final MockOpenAiServer OPENAI = MockOpenAiServer.start();
  static final Map<String, OtlpReceiver> RECEIVERS = WeatherTestApp.startReceivers();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    WeatherTestApp.use(RECEIVERS, OPENAI.baseUrl(), "no_content", registry);
  }

  @AfterAll
  static void stop() {
    RECEIVERS.values().forEach(OtlpReceiver::close);
    OPENAI.close();
  }

  @Autowired GenAiTelemetry telemetry;

  @Value("${local.server.port}")
  int port;

  @Test
  void noContentReachesAnyBackend() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/weather?city=Zanzibar"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("sunny"), answer.body());
    assertTrue(telemetry.forceFlush());

    for (String backend : WeatherTestApp.BACKENDS) {
      List<ReceivedSpan> spans = WeatherTestApp.settle(RECEIVERS.get(backend), telemetry);
      List<ReceivedSpan> genAi =
          spans.stream()
              .filter(s -> s.name().startsWith("chat ") || s.name().startsWith("execute_tool "))
              .toList();
      assertEquals(3, genAi.size(), backend + ": two model calls and the tool: " + spans);
      for (ReceivedSpan s : genAi) {
        String all = s.attributes().toString() + s.events();
        assertFalse(all.contains("Zanzibar"), backend + ": the question in " + s);
        assertFalse(all.contains("sunny"), backend + ": the tool result in " + s);
      }
    }
    ReceivedSpan chat =
        WeatherTestApp.named(RECEIVERS.get("otel").spans(), "chat " + WeatherTestApp.MODEL).get(0);
    assertEquals("openai", chat.stringAttribute("gen_ai.provider.name"), "the rest is recorded");
  }
}
