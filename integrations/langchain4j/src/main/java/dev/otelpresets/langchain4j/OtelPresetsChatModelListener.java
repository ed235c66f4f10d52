package dev.otelpresets.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.langchain4j.internal.AgentHandOff;
import dev.otelpresets.langchain4j.internal.ChatCalls;
import dev.otelpresets.langchain4j.internal.StreamSlot;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Records every chat call of a LangChain4j model as one LLM span (a CLIENT span {@code chat
 * {model}}, child of the current span or of the AI service invocation it runs in): provider,
 * request model and parameters, messages, tool calls and results, tools offered, response id and
 * model, finish reason, token usage, errors. Message content follows {@code
 * capture_message_content}. Register it on a model builder:
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder()
 *     .apiKey(key).modelName("gpt-4o-mini")
 *     .listeners(List.of(new OtelPresetsChatModelListener(telemetry)))
 *     .build();
 * }</pre>
 *
 * For streaming models, wrap the model with {@link OtelPresetsLangChain4j#streaming} as well so
 * the time to first chunk is recorded. Thread-safe; one instance can serve many models.
 */
public final class OtelPresetsChatModelListener implements ChatModelListener {
  /** The listener-attributes key of the call in flight; shared, so a call is recorded once. */
  static final Object CALL_KEY =
      new Object() {
        @Override
        public String toString() {
          return "otel-presets llm call";
        }
      };

  private final GenAiTelemetry telemetry;
  private final URI serverUrl;

  /** Records through {@code telemetry}; without a server address (LangChain4j does not expose it). */
  public OtelPresetsChatModelListener(GenAiTelemetry telemetry) {
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    this.serverUrl = null;
  }

  /**
   * Records through {@code telemetry} with {@code server.address} / {@code server.port} taken from
   * {@code baseUrl}, the base URL the model was built with (LangChain4j's models do not expose it).
   */
  public OtelPresetsChatModelListener(GenAiTelemetry telemetry, URI baseUrl) {
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    this.serverUrl = Objects.requireNonNull(baseUrl, "baseUrl");
  }

  @Override
  @SuppressWarnings("try") // the Scope is held for the try block, never read
  public void onRequest(ChatModelRequestContext context) {
    Map<Object, Object> attributes = context.attributes();
    if (attributes.containsKey(CALL_KEY)) {
      return; // registered twice, or on a model the streaming wrapper already records: one span
    }
    Object slot = attributes.get(StreamSlot.KEY);
    LlmCall call;
    try (Scope ignored = AgentHandOff.parentOfCall().makeCurrent()) {
      call =
          telemetry.startCall(
              ChatCalls.request(
                  context.chatRequest(),
                  context.modelProvider(),
                  serverUrl,
                  slot instanceof StreamSlot ? Boolean.TRUE : null));
    }
    attributes.put(CALL_KEY, call);
    if (slot instanceof StreamSlot s) {
      s.fill(call);
    }
  }

  @Override
  public void onResponse(ChatModelResponseContext context) {
    if (context.attributes().get(CALL_KEY) instanceof LlmCall call) {
      call.end(ChatCalls.response(context.chatResponse()));
    }
  }

  @Override
  public void onError(ChatModelErrorContext context) {
    if (context.attributes().get(CALL_KEY) instanceof LlmCall call) {
      call.fail(context.error());
    }
  }

  @Override
  public String toString() {
    return "OtelPresetsChatModelListener{presets=" + telemetry.presetNames() + "}";
  }
}
