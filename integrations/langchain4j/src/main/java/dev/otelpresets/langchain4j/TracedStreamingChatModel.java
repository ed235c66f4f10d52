package dev.otelpresets.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.otelpresets.langchain4j.internal.StreamSlot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming model that counts the chunks of each call on the call's LLM span. The span itself is
 * the listener's: the model's own {@link OtelPresetsChatModelListener} when it has one, else one
 * this wrapper runs itself around the call — one span per call either way.
 */
final class TracedStreamingChatModel implements StreamingChatModel {
  private static final Logger log = LoggerFactory.getLogger(TracedStreamingChatModel.class);
  private final StreamingChatModel delegate;
  private final OtelPresetsChatModelListener ownListener;

  TracedStreamingChatModel(StreamingChatModel delegate, OtelPresetsChatModelListener ownListener) {
    this.delegate = delegate;
    this.ownListener = ownListener;
  }

  @Override
  public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
    chat(request, ChatRequestOptions.EMPTY, handler);
  }

  @Override
  public void chat(
      ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
    StreamSlot slot = new StreamSlot();
    Map<Object, Object> attributes =
        new HashMap<>(options == null ? Map.of() : options.listenerAttributes());
    attributes.put(StreamSlot.KEY, slot);
    StreamingChatResponseHandler counting = new ChunkCounting(handler, slot);
    if (hasOurListener(delegate.listeners())) {
      // LangChain4j copies these attributes into the call's listener context: the listener fills
      // the slot in onRequest, which runs before the model streams
      delegate.chat(
          request, ChatRequestOptions.builder().listenerAttributes(attributes).build(), counting);
      return;
    }
    // no listener of ours on the model: run one around the call, as LangChain4j runs listeners
    ChatRequest merged =
        ChatRequest.builder()
            .messages(request.messages())
            .parameters(delegate.defaultRequestParameters().overrideWith(request.parameters()))
            .build();
    Map<Object, Object> own = new ConcurrentHashMap<>(attributes);
    ModelProvider provider = delegate.provider();
    quietly(() -> ownListener.onRequest(new ChatModelRequestContext(merged, provider, own)));
    StreamingChatResponseHandler recording =
        new ChunkCounting(handler, slot) {
          @Override
          public void onCompleteResponse(ChatResponse response) {
            quietly(
                () ->
                    ownListener.onResponse(
                        new ChatModelResponseContext(response, merged, provider, own)));
            super.onCompleteResponse(response);
          }

          @Override
          public void onError(Throwable error) {
            quietly(
                () -> ownListener.onError(new ChatModelErrorContext(error, merged, provider, own)));
            super.onError(error);
          }
        };
    try {
      delegate.chat(request, options == null ? ChatRequestOptions.EMPTY : options, recording);
    } catch (RuntimeException | Error e) {
      quietly(() -> ownListener.onError(new ChatModelErrorContext(e, merged, provider, own)));
      throw e;
    }
  }

  /** Runs a listener callback as LangChain4j does: its failure never reaches the application. */
  private static void quietly(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      log.warn("otel-presets: recording a LangChain4j streaming call failed; the call goes on", e);
    }
  }

  private static boolean hasOurListener(List<ChatModelListener> listeners) {
    if (listeners == null) {
      return false;
    }
    for (ChatModelListener l : listeners) {
      if (l instanceof OtelPresetsChatModelListener) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    delegate.doChat(request, handler);
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return delegate.defaultRequestParameters();
  }

  @Override
  public List<ChatModelListener> listeners() {
    return delegate.listeners();
  }

  @Override
  public ModelProvider provider() {
    return delegate.provider();
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return delegate.supportedCapabilities();
  }

  @Override
  public String toString() {
    return "OtelPresets(" + delegate + ")";
  }

  /** Forwards every callback, counting the partial ones (text, thinking, tool-call deltas). */
  private static class ChunkCounting implements StreamingChatResponseHandler {
    private final StreamingChatResponseHandler handler;
    private final StreamSlot slot;

    ChunkCounting(StreamingChatResponseHandler handler, StreamSlot slot) {
      this.handler = handler;
      this.slot = slot;
    }

    @Override
    public void onPartialResponse(String partialResponse) {
      slot.chunk();
      handler.onPartialResponse(partialResponse);
    }

    @Override
    public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
      slot.chunk();
      handler.onPartialResponse(partialResponse, context);
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking) {
      slot.chunk();
      handler.onPartialThinking(partialThinking);
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
      slot.chunk();
      handler.onPartialThinking(partialThinking, context);
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall) {
      slot.chunk();
      handler.onPartialToolCall(partialToolCall);
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
      slot.chunk();
      handler.onPartialToolCall(partialToolCall, context);
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall completeToolCall) {
      handler.onCompleteToolCall(completeToolCall);
    }

    @Override
    public void onUnmappedRawEvent(Object rawEvent) {
      handler.onUnmappedRawEvent(rawEvent);
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
      handler.onCompleteResponse(completeResponse);
    }

    @Override
    public void onError(Throwable error) {
      handler.onError(error);
    }
  }
}
