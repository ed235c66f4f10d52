package dev.otelpresets.langchain4j;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.otelpresets.core.GenAiTelemetry;
import java.util.List;
import java.util.Objects;

/**
 * The LangChain4j pieces besides {@link OtelPresetsChatModelListener}:
 *
 * <pre>{@code
 * StreamingChatModel streaming = OtelPresetsLangChain4j.streaming(
 *     OpenAiStreamingChatModel.builder()...listeners(List.of(listener)).build(), telemetry);
 * Assistant assistant = AiServices.builder(Assistant.class)
 *     .chatModel(model)
 *     .registerListeners(OtelPresetsLangChain4j.aiServiceListeners(telemetry))
 *     .build();
 * }</pre>
 */
public final class OtelPresetsLangChain4j {
  private OtelPresetsLangChain4j() {}

  /**
   * {@code model}, recording the time to first chunk of each call on the call's LLM span (the one
   * {@link OtelPresetsChatModelListener} records; LangChain4j's listener has no callback for
   * chunks). When {@code model} has no such listener, the wrapper records the calls itself, with
   * {@code telemetry} — either way one span per call.
   */
  public static StreamingChatModel streaming(StreamingChatModel model, GenAiTelemetry telemetry) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(telemetry, "telemetry");
    if (model instanceof TracedStreamingChatModel) {
      return model;
    }
    return new TracedStreamingChatModel(model, new OtelPresetsChatModelListener(telemetry));
  }

  /**
   * The listeners to register on an {@code AiServices} builder ({@code
   * registerListeners(...)}): each invocation becomes an {@code invoke_agent} span (agent name:
   * the service interface's simple name) parenting its chat calls, and each tool execution an
   * {@code execute_tool} span under it. The chat calls themselves are recorded by the model's
   * {@link OtelPresetsChatModelListener}.
   */
  public static List<AiServiceListener<?>> aiServiceListeners(GenAiTelemetry telemetry) {
    Objects.requireNonNull(telemetry, "telemetry");
    return new AiServiceTracer(telemetry).listeners();
  }
}
