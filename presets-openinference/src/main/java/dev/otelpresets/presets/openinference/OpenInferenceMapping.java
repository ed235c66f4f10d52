package dev.otelpresets.presets.openinference;

import static dev.otelpresets.presets.openinference.OpenInferenceAttributes.*;

import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.GenAiAttributes.Operations;
import dev.otelpresets.spi.genai.GenAiContent;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.spi.genai.GenAiContent.ToolDefinition;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.support.internal.Json;
import dev.otelpresets.support.internal.ParsedContent;
import dev.otelpresets.support.internal.RootContent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The OpenInference mapping itself, stateless: what {@link OpenInferenceMapper} sends for a span
 * (see there), given what the trace's calls carried to it ({@link Carry}). Thread-safe.
 */
final class OpenInferenceMapping {

  /** Not passed through; each is also read by the mapping (a slot of {@link CanonicalAttributes}). */
  static final Set<String> CONSUMED =
      Set.of(
          GenAiAttributes.INPUT_MESSAGES.getKey(),
          GenAiAttributes.OUTPUT_MESSAGES.getKey(),
          GenAiAttributes.SYSTEM_INSTRUCTIONS.getKey(),
          GenAiAttributes.TOOL_DEFINITIONS.getKey(),
          GenAiAttributes.RESPONSE_FINISH_REASONS.getKey(),
          GenAiAttributes.CONVERSATION_ID.getKey());

  /** Sent as a TOOL span's input.value / output.value, so not passed through there. */
  private static final Set<String> TOOL_CONTENT =
      Set.of(
          GenAiAttributes.TOOL_CALL_ARGUMENTS.getKey(), GenAiAttributes.TOOL_CALL_RESULT.getKey());

  /** Sent as a RETRIEVER span's input.value / retrieval.documents, so not passed through there. */
  private static final Set<String> RETRIEVAL_CONTENT =
      Set.of(
          GenAiAttributes.RETRIEVAL_QUERY_TEXT.getKey(),
          GenAiAttributes.RETRIEVAL_DOCUMENTS.getKey());

  private static final Set<String> RETRIEVAL_QUERY =
      Set.of(GenAiAttributes.RETRIEVAL_QUERY_TEXT.getKey());

  /** An {@code input.value} or {@code output.value} and its mime type. */
  record Value(String value, String mimeType) {
    /**
     * A raw value as it is: {@code application/json} when it is JSON ({@code parsed}, its value
     * from the span's parsed content, is not null, or it is JSON's {@code null}), else {@code
     * text/plain}; null for a missing or blank one.
     */
    static Value of(String raw, Object parsed) {
      if (Strings.isBlank(raw)) {
        return null;
      }
      boolean json = parsed != null || raw.strip().equals("null");
      return new Value(raw, json ? MIME_JSON : MIME_TEXT);
    }

    long chars() {
      return value.length();
    }

    /** A value as a mapping wrote it, or null when none was written. */
    static Value written(String value, String mimeType) {
      return value == null ? null : new Value(value, mimeType);
    }
  }

  /**
   * Carries a span's call content up its trace: given the span and its own call input and output
   * (null for a span that is not an LLM call), what reached it when it is a local root, else null.
   */
  @FunctionalInterface
  interface Carry {
    RootContent.Io<Value> carry(SpanData span, Value callInput, Value callOutput);
  }

  /** Carries nothing: the span maps as if nothing reached it. */
  static final Carry NO_CARRY = (span, input, output) -> null;

  private static final LongAdder MAPPINGS = new LongAdder();

  private final List<OpenInferenceExtension> extensions;
  private final boolean passThrough;
  private final InvocationParameters invocationParameters = new InvocationParameters();

  OpenInferenceMapping(List<OpenInferenceExtension> extensions, boolean passThrough) {
    this.extensions = List.copyOf(extensions);
    this.passThrough = passThrough;
  }

  /** Mappings made by every instance so far (for tests that count them). */
  static long mappings() {
    return MAPPINGS.sum();
  }

  List<OpenInferenceExtension> extensions() {
    return extensions;
  }

  boolean passThrough() {
    return passThrough;
  }

  /** The mapping, with a last-resort catch so a span is never lost to a bug here. */
  Attributes map(SpanData span, GenAiContent content, int attributeLimit, Carry carry) {
    MAPPINGS.increment();
    if (attributeLimit <= 0) {
      return Attributes.empty();
    }
    Attributes in = span.getAttributes();
    try {
      return mapChecked(span, content, in, attributeLimit, carry);
    } catch (RuntimeException e) {
      return lastResort(in, attributeLimit);
    }
  }

  /** The kind plus what fits of the rest. */
  static Attributes lastResort(Attributes in, int attributeLimit) {
    BoundedAttributes out = new BoundedAttributes(attributeLimit);
    CanonicalAttributes a = CanonicalAttributes.read(in);
    out.putString(OpenInferenceKeys.SPAN_KIND, spanKind(a));
    a.passThrough(out, Set.of()); // no input.value was written: tool content stays
    return out.build();
  }

  /** The mapping without the last-resort catch, so tests see any exception. */
  Attributes mapChecked(
      SpanData span, GenAiContent content, Attributes in, int limit, Carry carry) {
    CanonicalAttributes a = CanonicalAttributes.read(in);
    String rawSystem = a.get(CanonicalAttributes.SYSTEM_INSTRUCTIONS);
    String rawInput = a.get(CanonicalAttributes.INPUT_MESSAGES);
    String rawOutput = a.get(CanonicalAttributes.OUTPUT_MESSAGES);
    boolean hasContent = rawSystem != null || rawInput != null || rawOutput != null;
    // no content keys (the host's spans, capture off): the content is not asked for, not parsed
    List<MessagePart> system = hasContent ? content.systemInstructions() : List.of();
    List<ChatMessage> parsedInput = hasContent ? content.inputMessages() : List.of();
    List<ChatMessage> inputs;
    if (system.isEmpty()) {
      inputs = parsedInput;
    } else {
      inputs = new ArrayList<>(parsedInput.size() + 1);
      inputs.add(new ChatMessage("system", system, null));
      inputs.addAll(parsedInput);
    }
    List<ChatMessage> outputs = hasContent ? content.outputMessages() : List.of();
    // checked once per span for every backend: the messages' strings need no sanitizing then
    boolean valid =
        hasContent
            && content instanceof ParsedContent pc
            && (pc.attributes() == in ? pc.plainMessages() : pc.plainMessages(in));

    // An LLM span: ~18 OpenInference keys, ~8 passed through, ~2 per message; sized so the
    // arrays do not grow on the way.
    BoundedAttributes out =
        new BoundedAttributes(limit, 12 + in.size() + 2 * (inputs.size() + outputs.size()));
    String kind = spanKind(a);
    out.putString(OpenInferenceKeys.SPAN_KIND, kind);
    // A value nothing could be read from is sent as is, so captured content is never lost.
    String inputFallback = null;
    if (!Strings.isBlank(rawInput)) {
      inputFallback = parsedInput.isEmpty() ? rawInput : null;
    } else if (system.isEmpty() && !Strings.isBlank(rawSystem)) {
      inputFallback = rawSystem;
    }
    String outputFallback = !Strings.isBlank(rawOutput) && outputs.isEmpty() ? rawOutput : null;
    Value inputValue =
        value(
            inputs,
            inputFallback,
            parsedInput.isEmpty() ? null : passThroughInput(rawSystem, system, rawInput));
    Value outputValue = value(outputs, outputFallback, outputs.isEmpty() ? null : rawOutput);
    // made from the messages (not a tool's, a query or a carried value)
    boolean inputValid = valid && inputValue != null;
    boolean outputValid = valid && outputValue != null;
    boolean llm = SpanKinds.LLM.equals(kind);
    boolean tool = SpanKinds.TOOL.equals(kind);
    boolean retriever = SpanKinds.RETRIEVER.equals(kind);
    if (retriever && inputValue == null) {
      // the query is a retriever's input (spec: input.value on RETRIEVER spans), plain text
      String query = a.get(CanonicalAttributes.RETRIEVAL_QUERY_TEXT);
      inputValue = Strings.isBlank(query) ? null : new Value(query, MIME_TEXT);
    }
    if (tool) {
      // A tool's arguments and result are its input and output: Phoenix's span view shows a
      // span's input.value / output.value whatever its kind.
      if (inputValue == null) {
        String raw = a.get(CanonicalAttributes.TOOL_CALL_ARGUMENTS);
        inputValue = raw == null ? null : Value.of(raw, content.toolCallArguments());
      }
      if (outputValue == null) {
        String raw = a.get(CanonicalAttributes.TOOL_CALL_RESULT);
        outputValue = raw == null ? null : Value.of(raw, content.toolCallResult());
      }
    }
    // The local root gets what the trace's LLM calls left for it (exported before it).
    RootContent.Io<Value> carried =
        carry.carry(span, llm ? inputValue : null, llm ? outputValue : null);
    if (carried != null && inputValue == null && outputValue == null) {
      inputValue = carried.input();
      outputValue = carried.output();
    }
    putValue(
        out,
        OpenInferenceKeys.INPUT_VALUE,
        OpenInferenceKeys.INPUT_MIME_TYPE,
        inputValue,
        inputValid);
    putValue(
        out,
        OpenInferenceKeys.OUTPUT_VALUE,
        OpenInferenceKeys.OUTPUT_MIME_TYPE,
        outputValue,
        outputValid);

    out.putString(GenAiAttributes.ERROR_TYPE, a.get(CanonicalAttributes.ERROR_TYPE));
    String requestModel = a.get(CanonicalAttributes.REQUEST_MODEL);
    String responseModel = a.get(CanonicalAttributes.RESPONSE_MODEL);
    String model = responseModel != null ? responseModel : requestModel;
    if (llm) {
      out.putString(OpenInferenceKeys.LLM_MODEL_NAME, model);
      LlmVendors.Vendor vendor =
          LlmVendors.resolve(a.get(CanonicalAttributes.PROVIDER_NAME), model);
      out.putString(OpenInferenceKeys.LLM_SYSTEM, vendor.system());
      out.putString(OpenInferenceKeys.LLM_PROVIDER, vendor.provider());
    } else if (SpanKinds.EMBEDDING.equals(kind)) {
      out.putString(OpenInferenceKeys.EMBEDDING_MODEL_NAME, model);
    }
    out.putString(OpenInferenceKeys.SESSION_ID, a.get(CanonicalAttributes.CONVERSATION_ID));
    out.putString(OpenInferenceKeys.USER_ID, a.get(CanonicalAttributes.USER_ID));
    putTokens(a, out, SpanKinds.EMBEDDING.equals(kind));
    putCost(a, out);
    if (llm) {
      out.putString(OpenInferenceKeys.LLM_FINISH_REASON, finishReason(a, outputs));
      out.putString(OpenInferenceKeys.LLM_INVOCATION_PARAMETERS, invocationParameters.of(a));
      if (requestModel != null && responseModel != null && !requestModel.equals(responseModel)) {
        out.putString(OpenInferenceKeys.LLM_REQUEST_MODEL_NAME, requestModel);
        out.putString(OpenInferenceKeys.LLM_RESPONSE_MODEL_NAME, responseModel);
      }
    } else if (SpanKinds.EMBEDDING.equals(kind)) {
      out.putString(OpenInferenceKeys.EMBEDDING_INVOCATION_PARAMETERS, invocationParameters.of(a));
    } else if (tool) {
      out.putString(OpenInferenceKeys.TOOL_NAME, a.get(CanonicalAttributes.TOOL_NAME));
      out.putString(OpenInferenceKeys.TOOL_ID, a.get(CanonicalAttributes.TOOL_CALL_ID));
      out.putString(
          OpenInferenceKeys.TOOL_DESCRIPTION, a.get(CanonicalAttributes.TOOL_DESCRIPTION));
    }
    out.putString(OpenInferenceKeys.AGENT_NAME, a.get(CanonicalAttributes.AGENT_NAME));
    String rawMetadata = a.get(CanonicalAttributes.METADATA);
    out.putString(
        OpenInferenceKeys.METADATA,
        rawMetadata == null ? null : metadata(rawMetadata, content.metadata()));
    out.putStrings(OpenInferenceKeys.TAG_TAGS, a.get(CanonicalAttributes.TAGS));

    ExtensionKeys extra = extensions.isEmpty() ? null : new ExtensionKeys();
    for (int i = 0; i < extensions.size(); i++) {
      OpenInferenceExtension ext = extensions.get(i);
      extra.clear();
      try {
        ext.contribute(span, kind, extra);
      } catch (RuntimeException e) {
        continue; // a broken extension costs its own keys only
      }
      for (int j = 0; j < extra.size(); j++) {
        out.put(extra.key(j), sanitizeValue(extra.value(j)));
      }
    }

    // a retriever's documents that could not be read stay as the canonical key
    Object documents =
        retriever && a.has(CanonicalAttributes.RETRIEVAL_DOCUMENTS)
            ? content.retrievalDocuments()
            : null;
    if (passThrough) {
      a.passThrough(
          out,
          tool
              ? TOOL_CONTENT
              : retriever
                  ? (documents instanceof List ? RETRIEVAL_CONTENT : RETRIEVAL_QUERY)
                  : Set.of());
    }
    putDocuments(documents, out);

    if (SpanKinds.EMBEDDING.equals(kind)) {
      putEmbeddingTexts(inputs, out, valid);
    } else if ((!inputs.isEmpty() || !outputs.isEmpty())
        && !FlatMessage.writeAllText(inputs, outputs, out, valid)) {
      List<FlatMessage> flatIn = new ArrayList<>(inputs.size());
      for (int i = 0; i < inputs.size(); i++) {
        flatIn.add(FlatMessage.of(inputs.get(i), inputs, i));
      }
      List<FlatMessage> flatOut = new ArrayList<>(outputs.size());
      for (ChatMessage m : outputs) {
        flatOut.add(FlatMessage.of(m));
      }
      FlatMessage.writeWithinBudget(flatIn, flatOut, out, valid);
    }

    putTools(a, content, out);
    return out.build();
  }

  /** The OpenInference span kind for a canonical span. */
  static String spanKind(CanonicalAttributes a) {
    String op = a.get(CanonicalAttributes.OPERATION_NAME);
    if (op == null || op.isBlank()) {
      return SpanKinds.CHAIN;
    }
    switch (op) {
      case Operations.CHAT, Operations.TEXT_COMPLETION, Operations.GENERATE_CONTENT:
        return SpanKinds.LLM;
      case Operations.EMBEDDINGS:
        return SpanKinds.EMBEDDING;
      case Operations.RETRIEVAL:
        return SpanKinds.RETRIEVER;
      case Operations.EXECUTE_TOOL:
        return SpanKinds.TOOL;
      case Operations.INVOKE_AGENT, Operations.CREATE_AGENT:
        return SpanKinds.AGENT;
      default:
        return a.get(CanonicalAttributes.REQUEST_MODEL) != null ? SpanKinds.LLM : SpanKinds.CHAIN;
    }
  }

  /**
   * input.value / output.value: the parsed messages re-serialized as JSON, or the raw value when
   * nothing could be read from it ({@code text/plain} unless it is valid JSON of another shape).
   */
  private static Value value(List<ChatMessage> parsed, String fallback, String canonicalJson) {
    if (fallback != null) {
      // rare (malformed content): whether it is JSON of another shape is checked here, once
      return Value.of(fallback, Json.parseOrDefault(fallback, null));
    } else if (canonicalJson != null) {
      return new Value(canonicalJson, MIME_JSON);
    } else if (!parsed.isEmpty()) {
      return new Value(GenAiJson.writeMessages(parsed), MIME_JSON);
    }
    return null;
  }

  private static void putValue(
      BoundedAttributes out,
      AttributeKey<String> valueKey,
      AttributeKey<String> mimeKey,
      Value v,
      boolean valid) {
    if (v != null) {
      out.putString(valueKey, v.value(), valid);
      out.putString(mimeKey, v.mimeType());
    }
  }

  /**
   * input.value without re-serializing: the canonical input messages JSON as it is (it parsed as
   * the conventions' messages array), with the system instructions, when there are any, spliced in
   * front as a {@code {"role":"system","parts":...}} message. Null (re-serialize the parsed
   * messages instead) when either value is not a plain JSON array.
   */
  static String passThroughInput(String rawSystem, List<MessagePart> system, String rawInput) {
    String messages = rawInput.strip();
    if (!isArray(messages)) {
      return null;
    }
    if (system.isEmpty()) {
      return rawInput;
    }
    String sys = rawSystem.strip();
    if (!isArray(sys)) {
      return null;
    }
    StringBuilder sb = new StringBuilder(sys.length() + messages.length() + 32);
    sb.append("[{\"role\":\"system\",\"parts\":").append(sys).append('}');
    if (messages.substring(1, messages.length() - 1).isBlank()) {
      return sb.append(']').toString();
    }
    return sb.append(',').append(messages, 1, messages.length()).toString();
  }

  private static boolean isArray(String json) {
    return json.length() >= 2 && json.charAt(0) == '[' && json.charAt(json.length() - 1) == ']';
  }

  /**
   * Token counts; on an embedding span, which produces no completion tokens, the total is the
   * prompt count (the OpenInference embedding spec's {@code llm.token_count.total}).
   */
  private static void putTokens(CanonicalAttributes a, BoundedAttributes out, boolean embedding) {
    Long input = a.get(CanonicalAttributes.USAGE_INPUT_TOKENS);
    Long output = a.get(CanonicalAttributes.USAGE_OUTPUT_TOKENS);
    out.putLong(OpenInferenceKeys.LLM_TOKEN_COUNT_PROMPT, input);
    out.putLong(OpenInferenceKeys.LLM_TOKEN_COUNT_COMPLETION, output);
    if (input != null && output != null) {
      out.putLong(OpenInferenceKeys.LLM_TOKEN_COUNT_TOTAL, input + output);
    } else if (embedding && input != null) {
      out.putLong(OpenInferenceKeys.LLM_TOKEN_COUNT_TOTAL, input);
    }
    out.putLong(
        OpenInferenceKeys.LLM_TOKEN_COUNT_PROMPT_CACHE_READ,
        a.get(CanonicalAttributes.USAGE_CACHE_READ_INPUT_TOKENS));
    out.putLong(
        OpenInferenceKeys.LLM_TOKEN_COUNT_PROMPT_CACHE_WRITE,
        a.get(CanonicalAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS));
    out.putLong(
        OpenInferenceKeys.LLM_TOKEN_COUNT_COMPLETION_REASONING,
        a.get(CanonicalAttributes.USAGE_REASONING_OUTPUT_TOKENS));
  }

  /**
   * The texts an embedding span embedded, one {@code embedding.embeddings.<i>.embedding.text} per
   * text part of the input messages, in order, as many as fit: OpenInference has no chat messages
   * on embedding spans, so Phoenix and Arize show the texts only under these keys.
   */
  private static void putEmbeddingTexts(
      List<ChatMessage> inputs, BoundedAttributes out, boolean valid) {
    int i = 0;
    for (ChatMessage m : inputs) {
      for (MessagePart p : m.parts()) {
        if (out.remaining() <= 0) {
          return;
        }
        if (p instanceof MessagePart.Text t) {
          out.putListKey(OpenInferenceKeys.embeddingText(i++), t.content(), valid);
        }
      }
    }
  }

  private static void putCost(CanonicalAttributes a, BoundedAttributes out) {
    Double prompt = a.get(CanonicalAttributes.COST_INPUT_USD);
    Double completion = a.get(CanonicalAttributes.COST_OUTPUT_USD);
    Double total = a.get(CanonicalAttributes.COST_TOTAL_USD);
    if (total == null && prompt != null && completion != null) {
      total = prompt + completion;
    }
    out.putDouble(OpenInferenceKeys.LLM_COST_TOTAL, total);
    out.putDouble(OpenInferenceKeys.LLM_COST_PROMPT, prompt);
    out.putDouble(OpenInferenceKeys.LLM_COST_COMPLETION, completion);
  }

  private static String finishReason(CanonicalAttributes a, List<ChatMessage> outputs) {
    List<String> reasons = a.get(CanonicalAttributes.RESPONSE_FINISH_REASONS);
    if (reasons != null) {
      for (int i = 0; i < reasons.size(); i++) {
        String r = reasons.get(i);
        if (!Strings.isBlank(r)) {
          return r;
        }
      }
    }
    for (ChatMessage m : outputs) {
      if (!Strings.isBlank(m.finishReason())) {
        return m.finishReason();
      }
    }
    return null;
  }

  /**
   * A JSON object as is; anything else wrapped so the key always holds a JSON object.
   *
   * @param parsed the metadata as parsed with the span's content
   */
  private static String metadata(String raw, Object parsed) {
    if (parsed instanceof Map) {
      return raw; // the canonical JSON object passes through as written
    }
    Map<String, Object> wrapped = new LinkedHashMap<>();
    wrapped.put("value", parsed != null ? parsed : raw);
    return Json.write(wrapped);
  }

  private static void putTools(CanonicalAttributes a, GenAiContent content, BoundedAttributes out) {
    if (out.remaining() <= 0 || !a.has(CanonicalAttributes.TOOL_DEFINITIONS)) {
      return;
    }
    List<ToolDefinition> tools = content.toolDefinitions();
    for (int i = 0; i < tools.size() && out.remaining() > 0; i++) {
      ToolDefinition t = tools.get(i);
      Map<String, Object> function = new LinkedHashMap<>();
      function.put("name", t.name());
      if (t.description() != null) {
        function.put("description", t.description());
      }
      if (!t.parameters().isEmpty()) {
        function.put("parameters", t.parameters());
      }
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("type", t.type());
      schema.put("function", function);
      out.putListKey(OpenInferenceKeys.toolSchema(i), Json.write(schema));
    }
  }

  /**
   * A retriever's documents as {@code retrieval.documents.<i>.document.{id,score,content,
   * metadata}}, in order, whole documents while they fit (the OpenInference retriever spec; Phoenix
   * lists a RETRIEVER span's documents from these keys). Entries that are not objects are skipped;
   * an id that is a number is sent as its text.
   */
  static void putDocuments(Object documents, BoundedAttributes out) {
    if (!(documents instanceof List<?> list)) {
      return;
    }
    int i = 0;
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> d)) {
        continue;
      }
      Object id = d.get("id");
      Object score = d.get("score");
      Object text = d.get("content");
      Object metadata = d.get("metadata");
      int needed =
          (id != null ? 1 : 0)
              + (score instanceof Number ? 1 : 0)
              + (text instanceof String ? 1 : 0)
              + (metadata != null ? 1 : 0);
      if (needed == 0) {
        continue;
      }
      if (out.remaining() < needed) {
        return;
      }
      if (id != null) {
        out.put(
            AttributeKey.stringKey(OpenInferenceKeys.document(i, DOCUMENT_ID)),
            Strings.sanitize(id instanceof String s ? s : Json.write(id)));
      }
      if (score instanceof Number n) {
        out.put(
            AttributeKey.doubleKey(OpenInferenceKeys.document(i, DOCUMENT_SCORE)), n.doubleValue());
      }
      if (text instanceof String t) {
        out.put(
            AttributeKey.stringKey(OpenInferenceKeys.document(i, DOCUMENT_CONTENT)),
            Strings.sanitize(t));
      }
      if (metadata != null) {
        out.put(
            AttributeKey.stringKey(OpenInferenceKeys.document(i, DOCUMENT_METADATA)),
            Strings.sanitize(Json.write(metadata)));
      }
      i++;
    }
  }

  /**
   * Whether an OpenInference key carries the attribute {@code name}, so it is not passed through
   * (on a TOOL or RETRIEVER span some more are skipped; see the callers).
   */
  static boolean consumed(String name) {
    return consumedByPrefix(name) || CONSUMED.contains(name);
  }

  /** {@link #consumed} less the names it lists one by one. */
  static boolean consumedByPrefix(String name) {
    if (name.startsWith("gen_ai.")) {
      return name.startsWith("usage.", 7)
          || (name.startsWith("request.", 7)
              && !name.equals(GenAiAttributes.REQUEST_MODEL.getKey()));
    }
    return name.startsWith("otelpresets.");
  }

  static Object sanitizeValue(Object v) {
    if (v instanceof String s) {
      return Strings.sanitize(s);
    }
    if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String) {
      List<String> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(Strings.sanitize((String) o));
      }
      return out;
    }
    return v;
  }
}
