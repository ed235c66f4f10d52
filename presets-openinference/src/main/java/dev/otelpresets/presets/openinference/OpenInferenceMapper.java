package dev.otelpresets.presets.openinference;

import dev.otelpresets.presets.openinference.OpenInferenceMapping.Value;
import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.genai.GenAiContent;
import dev.otelpresets.support.internal.BoundedAttributeSet;
import dev.otelpresets.support.internal.OwnerMapper;
import dev.otelpresets.support.internal.RootContent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Maps canonical GenAI spans ({@code gen_ai.*}) to the OpenInference vocabulary read by Arize AX,
 * Phoenix and W&B Weave. Thread-safe; one instance can serve every export thread.
 *
 * <p>Not stateless: one instance keeps the bounded, short-lived per-trace state of {@link
 * RootContent}, which carries the LLM calls' {@code input.value} / {@code output.value} to the
 * trace's local root span (see below). Each preset builds its own instance, which serves only its
 * owner's exporter, so the state affects only that backend.
 *
 * <p>The mapping itself is shared: every instance's {@link #shared()} is one stateless mapping
 * (per pass-through setting, extensions aside), so the framework maps a span once for all the
 * OpenInference backends that hand it equal attributes. This instance's own step then carries the
 * calls' values to the root in its own state, adds its extensions' keys to the shared output, and
 * maps on its own (extensions and carried values included, exactly as one mapping would) only a
 * root that received carried values, a span whose extension keys do not fit in the room the
 * shared output left, one with an extension key the mapping would write over, and every span
 * when the limit is below five. With extensions, a shared output's extension keys come after its
 * other keys (the same keys and values as one mapping gives, in another order).
 *
 * <h2>What is written</h2>
 *
 * <ul>
 *   <li>{@code openinference.span.kind}: LLM for chat / text_completion / generate_content,
 *       EMBEDDING for embeddings, RETRIEVER for retrieval, TOOL for execute_tool, AGENT for
 *       invoke_agent / create_agent, CHAIN for spans without a GenAI operation (the host's server
 *       span); an unknown operation is LLM when a request model is set, else CHAIN.
 *   <li>LLM spans: {@code llm.model_name} (response model, else request model; {@code
 *       llm.request.model_name} / {@code llm.response.model_name} too when they differ), {@code
 *       llm.system} and {@code llm.provider} in OpenInference's own value sets (see {@link
 *       LlmVendors}), {@code llm.invocation_parameters} (JSON, OpenAI-style names), {@code
 *       llm.finish_reason}. Embedding spans get {@code embedding.model_name} and {@code
 *       embedding.invocation_parameters} instead (the spec does not use llm.system there).
 *   <li>Any span: token counts ({@code llm.token_count.*} incl. cache and reasoning details, only
 *       when known — never a made-up 0), {@code llm.cost.*}, {@code session.id} (from {@code
 *       gen_ai.conversation.id}), {@code user.id}, {@code metadata}, {@code tag.tags}, {@code
 *       tool.name} / {@code tool.id} / {@code tool.description} on TOOL spans, {@code agent.name}.
 *   <li>Only when content capture put messages on the span: {@code input.value} / {@code
 *       output.value} (the messages as JSON, {@code application/json}; system instructions become a
 *       leading system message; a value that cannot be parsed is passed as is, {@code text/plain}
 *       unless it is valid JSON), and the flattened {@code llm.input_messages.*} / {@code
 *       llm.output_messages.*} (role, content, tool calls with id / name / arguments, tool_call_id
 *       and, on a tool's answer, the name of the function whose call it answers;
 *       parts other than text, tool calls and tool responses are left to input.value). Embedding
 *       spans get {@code embedding.embeddings.<i>.embedding.text} (one per input text part)
 *       instead of flattened messages, as the OpenInference embedding spec has it.
 *   <li>TOOL spans, only when content capture put them on the span: {@code input.value} = the
 *       tool call's arguments ({@code gen_ai.tool.call.arguments}), {@code output.value} = its
 *       result ({@code gen_ai.tool.call.result}), each as is, {@code application/json} when it
 *       parses as JSON, else {@code text/plain}. Not {@code tool.parameters}: the spec means the
 *       tool's parameter schema by it, not the arguments of one call.
 *   <li>The local root span (no parent, or a remote one: the host's server span) of a trace with
 *       LLM calls, when it has no content of its own: {@code input.value} / {@code
 *       input.mime_type} of the call that started first and {@code output.value} / {@code
 *       output.mime_type} of the call that ended last (among those with an output), exactly as
 *       written on those calls' spans. Phoenix's Sessions view and trace list read a trace's input
 *       and output from its root span only. Only with content capture: without it the calls
 *       carry no content, and nothing is held.
 *   <li>RETRIEVER spans, only when content capture put them on the span: {@code input.value} = the
 *       query ({@code gen_ai.retrieval.query.text}, {@code text/plain}) and {@code
 *       retrieval.documents.<i>.document.{id,score,content,metadata}} from {@code
 *       gen_ai.retrieval.documents}; those canonical keys are then not sent again.
 *   <li>{@code llm.tools.{i}.tool.json_schema} from {@code gen_ai.tool.definitions}, in the OpenAI
 *       tool shape {@code {"type":"function","function":{name,description,parameters}}}.
 * </ul>
 *
 * <h2>Canonical keys kept alongside</h2>
 *
 * Every attribute the OpenInference keys above do not already carry is passed through unchanged:
 * the host's own attributes on its spans, and on LLM spans {@code gen_ai.operation.name}, {@code
 * gen_ai.provider.name}, {@code gen_ai.request.model}, {@code gen_ai.response.model}, {@code
 * gen_ai.response.id}, {@code gen_ai.response.time_to_first_chunk}, {@code server.*}, {@code
 * error.type} and the tool / agent keys, so a span can be correlated across backends. Dropped
 * because an OpenInference key carries the same fact: the message, system-instruction and tool
 * definition JSON, a TOOL span's call arguments and result, {@code gen_ai.usage.*}, the request parameters, {@code
 * gen_ai.response.finish_reasons}, {@code gen_ai.conversation.id} and all {@code otelpresets.*} keys.
 * Status, events (the exception event) and links are not attributes and are left to the framework.
 *
 * <h2>Attribute limit</h2>
 *
 * Keys are added in order of importance and the result never exceeds {@code attributeLimit}: span
 * kind, input/output value and mime type, error type, model, system, provider, session and user,
 * tokens, cost, finish reason, parameters, metadata, tags; then extension keys; then pass-through
 * keys; then flattened messages as whole message groups (first system/user turn, outputs, then the
 * newest turns — middle turns are dropped first), or on embedding spans the embedded texts in
 * order; then tool schemas. {@code input.value} and {@code
 * output.value} are never dropped for room (they are the second and fourth keys).
 */
public final class OpenInferenceMapper implements OwnerMapper {
  /** The shared mappings: one per pass-through setting, extensions added by each owner's step. */
  private static final SharedMapping PASS_THROUGH =
      new SharedMapping(new OpenInferenceMapping(List.of(), true));

  private static final SharedMapping NO_PASS_THROUGH =
      new SharedMapping(new OpenInferenceMapping(List.of(), false));

  /**
   * Below this limit the output need not hold a call's input and output value and mime type (the
   * second to fifth keys), which the root carry reads from the shared output: such a mapper maps
   * on its own.
   */
  private static final int MIN_SHARED_LIMIT = 5;

  /** List keys the mapping writes after (and over) an extension's key of the same name. */
  private static final List<String> WRITTEN_OVER_EXTENSIONS =
      List.of(
          "llm.input_messages.",
          "llm.output_messages.",
          "llm.tools.",
          "embedding.embeddings.",
          "retrieval.documents.");

  /** This owner's whole mapping, extensions included: for what it maps on its own. */
  private final OpenInferenceMapping mapping;

  private final SharedMapping shared;

  /** The calls' input and output values, on their way to the trace's root span. */
  private final RootContent<Value> roots = new RootContent<>(Value::chars);

  private OpenInferenceMapper(Builder b) {
    this.mapping = new OpenInferenceMapping(b.extensions, b.passThrough);
    this.shared = b.passThrough ? PASS_THROUGH : NO_PASS_THROUGH;
  }

  /** The plain OpenInference mapper (Arize, Phoenix). */
  public static OpenInferenceMapper create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * OpenInference mappings made so far by every mapper in this class loader, shared or not (for
   * tests that show a span is mapped once for several backends).
   */
  public static long mappings() {
    return OpenInferenceMapping.mappings();
  }

  /** The stateless OpenInference mapping, extensions aside: the same for every instance. */
  @Override
  public AttributeMapper shared() {
    return shared;
  }

  @Override
  public Attributes map(
      SpanData span, GenAiContent content, int attributeLimit, Supplier<Attributes> sharedOutput) {
    if (attributeLimit <= 0) {
      return Attributes.empty();
    }
    if (attributeLimit < MIN_SHARED_LIMIT) {
      return mapping.map(span, content, attributeLimit, roots::carry);
    }
    try {
      return mapOwned(span, content, attributeLimit, sharedOutput);
    } catch (RuntimeException e) {
      return OpenInferenceMapping.lastResort(span.getAttributes(), attributeLimit);
    }
  }

  private Attributes mapOwned(
      SpanData span, GenAiContent content, int limit, Supplier<Attributes> sharedOutput) {
    SpanContext self = span.getSpanContext();
    SpanContext parent = span.getParentSpanContext();
    if (!parent.isValid() || parent.isRemote()) {
      // a local root: what reached it is this owner's alone, so such a root maps on its own
      RootContent.Io<Value> carried = roots.take(self.getTraceId(), self.getSpanId());
      if (carried != null) {
        return mapping.map(span, content, limit, (s, input, output) -> carried);
      }
      Attributes out = withExtensions(span, sharedOutput.get(), limit);
      return out != null ? out : mapping.map(span, content, limit, OpenInferenceMapping.NO_CARRY);
    }
    Attributes plain = sharedOutput.get();
    Attributes out = withExtensions(span, plain, limit);
    if (out == null) {
      return mapping.map(span, content, limit, roots::carry); // carries on its own
    }
    // an LLM call's values, as its own mapping wrote them (kind first, values second to fifth)
    Value input = null;
    Value output = null;
    if (OpenInferenceAttributes.SpanKinds.LLM.equals(plain.get(OpenInferenceKeys.SPAN_KIND))) {
      input =
          Value.written(
              plain.get(OpenInferenceKeys.INPUT_VALUE),
              plain.get(OpenInferenceKeys.INPUT_MIME_TYPE));
      output =
          Value.written(
              plain.get(OpenInferenceKeys.OUTPUT_VALUE),
              plain.get(OpenInferenceKeys.OUTPUT_MIME_TYPE));
    }
    roots.forward(
        self.getTraceId(),
        self.getSpanId(),
        parent.getSpanId(),
        input,
        span.getStartEpochNanos(),
        output,
        span.getEndEpochNanos());
    return out;
  }

  /**
   * The shared output plus this owner's extension keys: what the whole mapping gives, the keys in
   * another order; null when they do not all fit in the room the shared output left, or an
   * extension key is one the mapping writes over, so the span is mapped on its own.
   */
  private Attributes withExtensions(SpanData span, Attributes plain, int limit) {
    List<OpenInferenceExtension> extensions = mapping.extensions();
    if (extensions.isEmpty()) {
      return plain;
    }
    String kind = plain.get(OpenInferenceKeys.SPAN_KIND);
    ExtensionKeys extra = new ExtensionKeys();
    BoundedAttributeSet out = null;
    for (int i = 0; i < extensions.size(); i++) {
      extra.clear();
      try {
        extensions.get(i).contribute(span, kind, extra);
      } catch (RuntimeException e) {
        continue; // a broken extension costs its own keys only
      }
      for (int j = 0; j < extra.size(); j++) {
        AttributeKey<?> key = extra.key(j);
        if (writtenOverExtensions(key.getKey())) {
          return null;
        }
        if (out == null) {
          out = new BoundedAttributeSet(limit, plain.size() + 8);
          plain.forEach(out::append); // unique names, within the limit: no look-up
        }
        // Every key fits: then the whole mapping, which puts these keys before the pass-through
        // keys, messages, documents and tools, keeps the same of those. Each of its decisions
        // about room keeps an item while it fits, in a fixed order, and each item the shared
        // mapping kept fits in what it had left plus what it added after, which is at least as
        // much as these keys take.
        if (!out.put(key, OpenInferenceMapping.sanitizeValue(extra.value(j)))) {
          return null;
        }
      }
    }
    return out == null ? plain : out.build();
  }

  private static boolean writtenOverExtensions(String name) {
    for (int i = 0; i < WRITTEN_OVER_EXTENSIONS.size(); i++) {
      if (name.startsWith(WRITTEN_OVER_EXTENSIONS.get(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The whole mapping without the shared step or the last-resort catch, carrying in this
   * instance's state, so tests see any exception: the reference the shared step must equal.
   */
  Attributes mapChecked(SpanData span, GenAiContent content, Attributes in, int limit) {
    return mapping.mapChecked(span, content, in, limit, roots::carry);
  }

  @Override
  public String toString() {
    return "OpenInferenceMapper{extensions="
        + mapping.extensions().size()
        + ", passThrough="
        + mapping.passThrough()
        + "}";
  }

  /** The stateless mapping every instance with the same pass-through setting shares. */
  private static final class SharedMapping implements AttributeMapper {
    private final OpenInferenceMapping mapping;

    SharedMapping(OpenInferenceMapping mapping) {
      this.mapping = mapping;
    }

    @Override
    public Attributes map(SpanData span, GenAiContent content, int attributeLimit) {
      return mapping.map(span, content, attributeLimit, OpenInferenceMapping.NO_CARRY);
    }

    @Override
    public String toString() {
      return "OpenInferenceMapper.shared{passThrough=" + mapping.passThrough() + "}";
    }
  }

  /** Builder for {@link OpenInferenceMapper}. */
  public static final class Builder {
    private final List<OpenInferenceExtension> extensions = new ArrayList<>();
    private boolean passThrough = true;

    private Builder() {}

    /** Adds a backend's own keys (run in the order added). */
    public Builder addExtension(OpenInferenceExtension extension) {
      extensions.add(Objects.requireNonNull(extension, "extension"));
      return this;
    }

    /**
     * Whether attributes OpenInference has no key for are passed through unchanged (default true;
     * see the class comment for the list).
     */
    public Builder passThroughOtherAttributes(boolean passThrough) {
      this.passThrough = passThrough;
      return this;
    }

    public OpenInferenceMapper build() {
      return new OpenInferenceMapper(this);
    }
  }
}
