package dev.otelpresets.agent.it;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The application {@link AgentIT} runs under the Java agent: a JDK {@code HttpServer} (instrumented
 * by the agent's java-http-server module) whose {@code /chat} handler calls OpenAI with the
 * official openai-java client (instrumented by the agent's openai-java-1.1 module). It knows
 * nothing about otel-presets: it marks a request with plain OpenTelemetry API calls on the current
 * (server) span when asked by request headers — {@code X-Tenant} as {@code otelpresets.tenant},
 * {@code X-User} as {@code user.id}, {@code X-Session} as {@code gen_ai.conversation.id}, {@code
 * X-Tags} (comma-separated) as {@code otelpresets.tags} — first thing in the request, and calls
 * the asynchronous client when {@code X-Mode: async}. Prints {@code APP_PORT=<port>} when ready
 * and exits when its standard input closes.
 */
public final class AgentApp {
  private AgentApp() {}

  public static void main(String[] args) throws IOException {
    OpenAIClient openai =
        OpenAIOkHttpClient.builder()
            .baseUrl(System.getProperty("app.openai.base-url"))
            .apiKey("sk-test-not-a-real-key")
            .maxRetries(0)
            .build();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/chat",
        exchange -> {
          byte[] body;
          int status = 200;
          var headers = exchange.getRequestHeaders();
          Span request = Span.current();
          if (headers.getFirst("X-Tenant") != null) {
            request.setAttribute("otelpresets.tenant", headers.getFirst("X-Tenant"));
          }
          if (headers.getFirst("X-User") != null) {
            request.setAttribute("user.id", headers.getFirst("X-User"));
          }
          if (headers.getFirst("X-Session") != null) {
            request.setAttribute("gen_ai.conversation.id", headers.getFirst("X-Session"));
          }
          if (headers.getFirst("X-Tags") != null) {
            request.setAttribute(
                AttributeKey.stringArrayKey("otelpresets.tags"),
                Arrays.asList(headers.getFirst("X-Tags").split(",")));
          }
          try {
            ChatCompletionCreateParams params =
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini")
                    .addSystemMessage("Be brief.")
                    .addUserMessage("Say hello")
                    .temperature(0.2)
                    .build();
            ChatCompletion completion =
                "async".equals(headers.getFirst("X-Mode"))
                    ? openai.async().chat().completions().create(params).join()
                    : openai.chat().completions().create(params);
            body =
                completion
                    .choices()
                    .get(0)
                    .message()
                    .content()
                    .orElse("")
                    .getBytes(StandardCharsets.UTF_8);
          } catch (RuntimeException e) {
            status = 500;
            body = String.valueOf(e).getBytes(StandardCharsets.UTF_8);
          }
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    System.out.println("APP_PORT=" + server.getAddress().getPort());
    System.out.flush();
    while (System.in.read() >= 0) {
      // run until the test closes our standard input
    }
    server.stop(0);
    System.exit(0); // the agent's shutdown hook flushes every span processor
  }
}
