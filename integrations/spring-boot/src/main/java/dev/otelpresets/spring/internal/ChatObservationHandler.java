package dev.otelpresets.spring.internal;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import io.micrometer.tracing.Tracer;
import java.util.Objects;
import org.springframework.ai.chat.observation.ChatModelObservationContext;

/** A Spring AI chat model call ({@code ChatModel.call}/{@code stream}, through a {@code ChatClient} too). */
public final class ChatObservationHandler
    extends GenAiTracingHandler<ChatModelObservationContext, LlmCall> {
  private final GenAiTelemetry telemetry;

  public ChatObservationHandler(GenAiTelemetry telemetry, Tracer tracer) {
    super(tracer, ChatModelObservationContext.class);
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
  }

  @Override
  protected LlmCall start(ChatModelObservationContext context) {
    return telemetry.startCall(SpringAiMessages.chatRequest(context));
  }

  @Override
  protected void end(ChatModelObservationContext context, LlmCall call) {
    call.end(SpringAiMessages.chatResponse(context.getResponse()));
  }
}
