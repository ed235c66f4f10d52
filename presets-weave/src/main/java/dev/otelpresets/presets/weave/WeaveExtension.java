package dev.otelpresets.presets.weave;

import dev.otelpresets.presets.openinference.OpenInferenceExtension;
import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The keys W&B Weave reads on top of OpenInference. Verified against Weave's OTLP ingestion
 * ({@code weave/trace_server/opentelemetry/constants.py}), which reads {@code wandb.display_name},
 * {@code wandb.thread_id} and {@code wandb.is_turn}, and takes the call's output from {@code
 * output.value} (OpenInference) and the call id from the span id.
 *
 * <ul>
 *   <li>{@code wandb.display_name} = {@code "{operation} {model}"} on GenAI spans (request model;
 *       just the operation when no model is known; the agent, tool or data source instead of the
 *       model for agent, tool and retrieval spans, as the GenAI conventions name them), plus {@code weave.display_name} with the same
 *       value for configs written against the reference.
 *   <li>{@code wandb.thread_id} = {@code gen_ai.conversation.id}, grouping a conversation's traces
 *       into a Weave thread; {@code wandb.is_turn = true} on the local root of such a trace (the
 *       host's server span, or the LLM span when it has no local parent), so each request is one
 *       turn.
 *   <li>The canonical request parameters {@code gen_ai.request.*} (temperature, max_tokens, ...)
 *       kept on GenAI spans: Weave fills a call's {@code model_parameters} from the first of
 *       {@code gen_ai.request} and {@code llm.invocation_parameters} it finds ({@code
 *       ATTRIBUTE_KEYS} in the same file), and the passed-through {@code gen_ai.request.model}
 *       alone would make it show the model and nothing else.
 * </ul>
 *
 * <p>Not written: {@code weave.output} (Weave does not read it; {@code output.value} already carries
 * the output, only with content capture) and {@code weave.call_id} (Weave uses the span id).
 */
final class WeaveExtension implements OpenInferenceExtension {
  static final AttributeKey<String> DISPLAY_NAME = AttributeKey.stringKey("wandb.display_name");
  static final AttributeKey<String> REFERENCE_DISPLAY_NAME =
      AttributeKey.stringKey("weave.display_name");
  static final AttributeKey<String> THREAD_ID = AttributeKey.stringKey("wandb.thread_id");
  static final AttributeKey<Boolean> IS_TURN = AttributeKey.booleanKey("wandb.is_turn");
  private static final String REQUEST_PREFIX = "gen_ai.request.";

  @Override
  public void contribute(SpanData span, String spanKind, AttributesBuilder out) {
    String op = span.getAttributes().get(GenAiAttributes.OPERATION_NAME);
    if (op != null && !op.isBlank()) {
      String target = target(span, op);
      String name = target == null || target.isBlank() ? op : op + " " + target;
      out.put(DISPLAY_NAME, name);
      out.put(REFERENCE_DISPLAY_NAME, name);
      span.getAttributes()
          .forEach(
              (key, value) -> {
                if (key.getKey().startsWith(REQUEST_PREFIX)) {
                  putUnchecked(out, key, value);
                }
              });
    }
    String conversation = span.getAttributes().get(GenAiAttributes.CONVERSATION_ID);
    if (conversation != null && !conversation.isBlank()) {
      out.put(THREAD_ID, conversation);
      SpanContext parent = span.getParentSpanContext();
      if (parent == null || !parent.isValid() || parent.isRemote()) {
        out.put(IS_TURN, true);
      }
    }
  }

  /**
   * What the operation acts on, as the GenAI conventions name its span: the agent for agent
   * operations, the tool for a tool execution, the data source for a retrieval, else the model.
   */
  private static String target(SpanData span, String op) {
    AttributeKey<String> key =
        switch (op) {
          case GenAiAttributes.Operations.INVOKE_AGENT, GenAiAttributes.Operations.CREATE_AGENT ->
              GenAiAttributes.AGENT_NAME;
          case GenAiAttributes.Operations.EXECUTE_TOOL -> GenAiAttributes.TOOL_NAME;
          case GenAiAttributes.Operations.RETRIEVAL -> GenAiAttributes.DATA_SOURCE_ID;
          default -> GenAiAttributes.REQUEST_MODEL;
        };
    return span.getAttributes().get(key);
  }

  @SuppressWarnings("unchecked")
  private static void putUnchecked(AttributesBuilder out, AttributeKey<?> key, Object value) {
    out.put((AttributeKey<Object>) key, value);
  }

  @Override
  public String toString() {
    return "WeaveExtension";
  }
}
