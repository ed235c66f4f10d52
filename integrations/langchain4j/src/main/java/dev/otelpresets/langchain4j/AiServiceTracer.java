package dev.otelpresets.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.observability.api.event.AiServiceCompletedEvent;
import dev.langchain4j.observability.api.event.AiServiceErrorEvent;
import dev.langchain4j.observability.api.event.AiServiceRequestIssuedEvent;
import dev.langchain4j.observability.api.event.AiServiceResponseReceivedEvent;
import dev.langchain4j.observability.api.event.AiServiceStartedEvent;
import dev.langchain4j.observability.api.event.ToolExecutedEvent;
import dev.langchain4j.observability.api.listener.AiServiceCompletedListener;
import dev.langchain4j.observability.api.listener.AiServiceErrorListener;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.observability.api.listener.AiServiceRequestIssuedListener;
import dev.langchain4j.observability.api.listener.AiServiceResponseReceivedListener;
import dev.langchain4j.observability.api.listener.AiServiceStartedListener;
import dev.langchain4j.observability.api.listener.ToolExecutedEventListener;
import dev.otelpresets.core.AgentRequest;
import dev.otelpresets.core.AgentSpan;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.ToolRequest;
import dev.otelpresets.langchain4j.internal.AgentHandOff;
import dev.otelpresets.langchain4j.internal.Messages;
import dev.otelpresets.langchain4j.internal.Providers;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import io.opentelemetry.context.Scope;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns LangChain4j's AI-service events into an {@code invoke_agent} span per invocation and an
 * {@code execute_tool} span per tool execution under it. The chat calls between are recorded by
 * the model's {@link OtelPresetsChatModelListener}, parented under the agent through {@link
 * AgentHandOff}.
 */
final class AiServiceTracer {
  /** Invocations that never complete (a token stream never started) are ended beyond this many. */
  static final int MAX_OPEN_INVOCATIONS = 10_000;

  /** LangChain4j's memory id when a method has no {@code @MemoryId}: not a conversation. */
  private static final String DEFAULT_MEMORY_ID = "default";

  private final GenAiTelemetry telemetry;
  private final Map<UUID, Invocation> open =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Invocation> eldest) {
          if (size() > MAX_OPEN_INVOCATIONS) {
            eldest
                .getValue()
                .agent
                .fail(
                    "abandoned",
                    "the AI service invocation never completed (a token stream that was not started?)");
            return true;
          }
          return false;
        }
      };

  /** One AI service invocation in flight. */
  private static final class Invocation {
    final AgentSpan agent;

    /** When each requested tool call became known, by call id. */
    final Map<String, PendingTool> tools = new ConcurrentHashMap<>();

    volatile Instant lastRequest;

    Invocation(AgentSpan agent) {
      this.agent = agent;
    }
  }

  private record PendingTool(Instant requested, String description) {}

  AiServiceTracer(GenAiTelemetry telemetry) {
    this.telemetry = telemetry;
  }

  List<AiServiceListener<?>> listeners() {
    return List.of(
        (AiServiceStartedListener) this::started,
        (AiServiceRequestIssuedListener) this::requestIssued,
        (AiServiceResponseReceivedListener) this::responseReceived,
        (ToolExecutedEventListener) this::toolExecuted,
        (AiServiceCompletedListener) this::completed,
        (AiServiceErrorListener) this::failed);
  }

  private Invocation get(InvocationContext c) {
    synchronized (open) {
      return open.get(c.invocationId());
    }
  }

  private Invocation remove(InvocationContext c) {
    synchronized (open) {
      return open.remove(c.invocationId());
    }
  }

  void started(AiServiceStartedEvent e) {
    InvocationContext c = e.invocationContext();
    String service = c.interfaceName();
    AgentRequest.Builder b =
        AgentRequest.builder(simpleName(service))
            .id(service)
            .provider(Providers.name(c.modelProvider()));
    ChatRequestParameters defaults = c.defaultRequestParameters();
    if (defaults != null) {
      b.requestModel(defaults.modelName());
    }
    Object memoryId = c.chatMemoryId();
    if (memoryId != null && !DEFAULT_MEMORY_ID.equals(memoryId)) {
      b.conversationId(String.valueOf(memoryId));
    }
    List<ChatMessage> input = new ArrayList<>(2);
    e.systemMessage().ifPresent(s -> input.add(Messages.of(s)));
    if (e.userMessage() != null) {
      input.add(Messages.user(e.userMessage()));
    }
    b.inputMessages(input);
    AgentSpan agent = telemetry.startAgent(b.build());
    synchronized (open) {
      open.put(c.invocationId(), new Invocation(agent));
    }
  }

  void requestIssued(AiServiceRequestIssuedEvent e) {
    Invocation inv = get(e.invocationContext());
    if (inv != null) {
      inv.lastRequest = Instant.now();
      AgentHandOff.offer(inv.agent);
    }
  }

  void responseReceived(AiServiceResponseReceivedEvent e) {
    Invocation inv = get(e.invocationContext());
    if (inv == null) {
      return;
    }
    AgentHandOff.withdraw(inv.agent);
    ChatResponse response = e.response();
    if (response == null
        || response.aiMessage() == null
        || !response.aiMessage().hasToolExecutionRequests()) {
      return;
    }
    // LangChain4j runs the tools right after this event and reports each only once it is done:
    // the tool span starts here
    Instant now = Instant.now();
    for (ToolExecutionRequest r : response.aiMessage().toolExecutionRequests()) {
      inv.tools.putIfAbsent(key(r), new PendingTool(now, description(e.request(), r.name())));
    }
  }

  @SuppressWarnings("try") // the Scope is held for the try block, never read
  void toolExecuted(ToolExecutedEvent e) {
    Invocation inv = get(e.invocationContext());
    if (inv == null) {
      return;
    }
    ToolExecutionRequest r = e.request();
    PendingTool pending = inv.tools.remove(key(r));
    Instant start = pending != null ? pending.requested() : inv.lastRequest;
    ToolRequest.Builder b =
        ToolRequest.builder(r.name() == null ? "tool" : r.name())
            .callId(r.id())
            .arguments(r.arguments())
            .startTime(start);
    if (pending != null) {
      b.description(pending.description());
    }
    try (Scope ignored = inv.agent.context().makeCurrent()) {
      telemetry.startTool(b.build()).end(resultText(e.resultContents()));
    }
  }

  void completed(AiServiceCompletedEvent e) {
    Invocation inv = remove(e.invocationContext());
    if (inv == null) {
      return;
    }
    AgentHandOff.withdraw(inv.agent);
    String answer = e.result().map(AiServiceTracer::answerText).orElse(null);
    inv.agent.end(answer == null ? List.of() : List.of(ChatMessage.text("assistant", answer)));
  }

  void failed(AiServiceErrorEvent e) {
    Invocation inv = remove(e.invocationContext());
    if (inv == null) {
      return; // failed before it started (no span)
    }
    AgentHandOff.withdraw(inv.agent);
    inv.agent.fail(e.error());
  }

  private static String key(ToolExecutionRequest r) {
    return r.id() != null ? r.id() : "name:" + r.name();
  }

  private static String description(ChatRequest request, String tool) {
    if (request == null || request.toolSpecifications() == null) {
      return null;
    }
    for (ToolSpecification s : request.toolSpecifications()) {
      if (s.name().equals(tool)) {
        return s.description();
      }
    }
    return null;
  }

  /** A tool's result as text: its text contents joined, other contents by their type. */
  private static String resultText(List<Content> contents) {
    if (contents == null || contents.isEmpty()) {
      return null;
    }
    if (contents.size() == 1 && contents.get(0) instanceof TextContent t) {
      return t.text();
    }
    StringBuilder sb = new StringBuilder();
    for (Content c : contents) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(c instanceof TextContent t ? t.text() : "[" + c.type() + "]");
    }
    return sb.toString();
  }

  /**
   * The answer of an AI service method as text: a string as is, a {@code Result}'s or {@code
   * ChatResponse}'s text, anything else by its {@code toString()}.
   */
  static String answerText(Object result) {
    if (result instanceof CharSequence s) {
      return s.toString();
    }
    if (result instanceof ChatResponse r) {
      return r.aiMessage() == null ? null : r.aiMessage().text();
    }
    if (result != null && result.getClass().getName().equals("dev.langchain4j.service.Result")) {
      // Result lives in the langchain4j artifact, which this module does not compile against
      try {
        Method content = result.getClass().getMethod("content");
        return answerText(content.invoke(result));
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
    return result == null ? null : String.valueOf(result);
  }

  static String simpleName(String interfaceName) {
    int cut = Math.max(interfaceName.lastIndexOf('.'), interfaceName.lastIndexOf('$'));
    return cut >= 0 && cut < interfaceName.length() - 1
        ? interfaceName.substring(cut + 1)
        : interfaceName;
  }
}
