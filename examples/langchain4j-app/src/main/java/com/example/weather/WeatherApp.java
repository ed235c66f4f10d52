package com.example.weather;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.langchain4j.OtelPresetsChatModelListener;
import dev.otelpresets.langchain4j.OtelPresetsLangChain4j;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A small LangChain4j application: an AI service with one tool on an OpenAI chat model, and a
 * streaming chat model. The otel-presets lines are marked; everything else is plain LangChain4j.
 */
public final class WeatherApp {

  /** The AI service. */
  public interface Assistant {
    @SystemMessage("You answer questions about the weather. Use the weather tool.")
    String chat(String question);
  }

  /** The AI service's tool. */
  public static final class WeatherTools {
    @Tool("Returns the current weather of a city")
    public String weather(@P("the city") String city) {
      return "sunny, 21 degrees in " + city;
    }
  }

  private final Assistant assistant;
  private final StreamingChatModel streaming;

  /**
   * The application's models, recorded through {@code telemetry}.
   *
   * @param baseUrl an OpenAI-compatible endpoint, e.g. {@code https://api.openai.com/v1}
   */
  public WeatherApp(GenAiTelemetry telemetry, String baseUrl, String apiKey, String model) {
    // otel-presets: one listener records every chat call of the model
    OtelPresetsChatModelListener listener =
        new OtelPresetsChatModelListener(telemetry, URI.create(baseUrl));
    ChatModel chatModel =
        OpenAiChatModel.builder()
            .baseUrl(baseUrl)
            .apiKey(apiKey)
            .modelName(model)
            .listeners(List.of(listener))
            .build();
    // otel-presets: the wrapper adds the time to first chunk to the listener's span
    this.streaming =
        OtelPresetsLangChain4j.streaming(
            OpenAiStreamingChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .modelName(model)
                .listeners(List.of(listener))
                .build(),
            telemetry);
    this.assistant =
        AiServices.builder(Assistant.class)
            .chatModel(chatModel)
            .tools(new WeatherTools())
            // otel-presets: an invoke_agent span per call, an execute_tool span per tool execution
            .registerListeners(OtelPresetsLangChain4j.aiServiceListeners(telemetry))
            .build();
  }

  /** Asks the AI service (which calls the model, runs the tool, calls the model again). */
  public String ask(String question) {
    return assistant.chat(question);
  }

  /** Streams an answer from the model directly. */
  public String stream(String question) throws Exception {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    streaming.chat(
        question,
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {
            System.out.print(partial);
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            System.out.println();
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    return done.get(60, TimeUnit.SECONDS).aiMessage().text();
  }

  /**
   * Runs both against {@code OPENAI_BASE_URL} (default OpenAI) with {@code OPENAI_API_KEY}, the
   * backends from {@code otel-presets.yaml} in the working directory (else the environment).
   */
  public static void main(String[] args) throws Exception {
    String key = System.getenv("OPENAI_API_KEY");
    if (key == null || key.isBlank()) {
      System.err.println(
          "Set OPENAI_API_KEY (and OPENAI_BASE_URL for another OpenAI-compatible"
              + " endpoint). To see it run without an account: mvn verify (the test uses a mock).");
      System.exit(2);
    }
    String baseUrl = System.getenv().getOrDefault("OPENAI_BASE_URL", "https://api.openai.com/v1");
    OtelPresets.Builder b = OtelPresets.builder();
    Path config = Path.of("otel-presets.yaml");
    if (Files.exists(config)) {
      b.configFile(config);
    }
    try (GenAiTelemetry telemetry = b.build()) {
      WeatherApp app = new WeatherApp(telemetry, baseUrl, key, "gpt-4o-mini");
      System.out.println(app.ask("What is the weather in Paris?"));
      app.stream("Say hello in five words.");
    }
  }
}
