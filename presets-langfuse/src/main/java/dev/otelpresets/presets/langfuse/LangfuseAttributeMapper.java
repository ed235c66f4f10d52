package dev.otelpresets.presets.langfuse;

import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.GenAiAttributes.Operations;
import dev.otelpresets.spi.genai.GenAiContent;
import dev.otelpresets.support.internal.BoundedAttributeSet;
import dev.otelpresets.support.internal.CanonicalKeys;
import dev.otelpresets.support.internal.CanonicalKeys.Slot;
import dev.otelpresets.support.internal.CanonicalValues;
import dev.otelpresets.support.internal.Json;
import dev.otelpresets.support.internal.RootContent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps canonical GenAI spans to Langfuse's OpenTelemetry vocabulary (the {@code langfuse.*}
 * attributes of Langfuse's OTel ingestion), keeping the canonical keys Langfuse does not type:
 * Langfuse files whatever it does not map under the observation's metadata. What Langfuse's
 * ingestion does with each key, and where in its code, is in {@code docs/langfuse.md}.
 *
 * <ul>
 *   <li>{@code langfuse.observation.type}: {@code generation} for chat / completion / content
 *       generation, {@code embedding}, {@code tool} for {@code execute_tool}, {@code agent} for
 *       agent operations, {@code retriever} for retrieval, {@code span} for everything else (the
 *       host's server span).
 *   <li>Generations and embeddings: model name (response model when known), model parameters
 *       (numbers and the stop list; not the stream flag, which Langfuse would turn into the string
 *       {@code "true"}), usage details (input and output exclude the cache and reasoning buckets,
 *       as Langfuse expects), cost details, and for streams the completion start time. The
 *       canonical keys these were made from (model names, {@code gen_ai.usage.*}, the request
 *       parameters) are not sent again as metadata.
 *   <li>{@code langfuse.observation.input} / {@code output}: the captured messages as OpenAI-style
 *       chat messages ({@link ChatMl}), which Langfuse's chat view renders and whose tool calls it
 *       indexes; only when the canonical span carries captured content, and then the canonical
 *       message keys themselves are not sent again.
 *   <li>Tool observations: {@code langfuse.observation.input} / {@code output} = the call's
 *       arguments ({@code gen_ai.tool.call.arguments}) and result ({@code
 *       gen_ai.tool.call.result}) as they are, when content capture put them on the span; those
 *       canonical keys are then not sent again.
 *   <li>Retriever observations: input = the query ({@code gen_ai.retrieval.query.text}), output =
 *       the documents' JSON ({@code gen_ai.retrieval.documents}), as they are, with content
 *       capture; those canonical keys are then not sent again.
 *   <li>The trace's input and output: Langfuse takes them from the root observation, so the local
 *       root span (the host's server span) gets the input of the trace's first LLM call and the
 *       output of its last ({@link RootContent}), when content was captured.
 *   <li>Failure: level {@code ERROR} and a status message.
 *   <li>Trace keys on every span (the core copies the identity to every span of the trace): {@code
 *       user.id}, {@code session.id} (from {@code gen_ai.conversation.id}), tags, flattened
 *       metadata, environment; the trace name on root spans. Each is sent under one name.
 * </ul>
 *
 * <p>Stays within the attribute limit by shedding, in this order, the tool definitions,
 * metadata entries, the remaining canonical keys; the Langfuse keys go first. Never throws: on a bug
 * it falls back to the canonical keys alone.
 *
 * <p>Not stateless: one instance keeps the bounded, short-lived per-trace state of {@link
 * RootContent}. It serves one owner's exporter (a preset's mapper), so the state affects only
 * Langfuse; a span mapped on its own, twice, maps the same.
 */
public final class LangfuseAttributeMapper implements AttributeMapper {
  static final AttributeKey<String> OBSERVATION_TYPE = stringKey("langfuse.observation.type");
  static final AttributeKey<String> OBSERVATION_LEVEL = stringKey("langfuse.observation.level");
  static final AttributeKey<String> OBSERVATION_STATUS_MESSAGE =
      stringKey("langfuse.observation.status_message");
  static final AttributeKey<String> OBSERVATION_INPUT = stringKey("langfuse.observation.input");
  static final AttributeKey<String> OBSERVATION_OUTPUT = stringKey("langfuse.observation.output");
  static final AttributeKey<String> MODEL_NAME = stringKey("langfuse.observation.model.name");
  static final AttributeKey<String> MODEL_PARAMETERS =
      stringKey("langfuse.observation.model.parameters");
  static final AttributeKey<String> USAGE_DETAILS = stringKey("langfuse.observation.usage_details");
  static final AttributeKey<String> COST_DETAILS = stringKey("langfuse.observation.cost_details");
  static final AttributeKey<String> COMPLETION_START_TIME =
      stringKey("langfuse.observation.completion_start_time");
  static final AttributeKey<String> TRACE_NAME = stringKey("langfuse.trace.name");
  static final AttributeKey<List<String>> TRACE_TAGS = stringArrayKey("langfuse.trace.tags");
  static final String TRACE_METADATA_PREFIX = "langfuse.trace.metadata.";
  static final AttributeKey<String> ENVIRONMENT = stringKey("langfuse.environment");

  /**
   * Langfuse's trace user and session keys. It also reads the older {@code langfuse.user.id} /
   * {@code langfuse.session.id}, and keeps every key it reads as metadata too: one name each.
   */
  static final AttributeKey<String> USER_ID = GenAiAttributes.USER_ID;

  static final AttributeKey<String> SESSION_ID = stringKey("session.id");

  /**
   * Canonical keys whose content is sent as the observation's input / output and so not sent again:
   * Langfuse reads {@code langfuse.observation.input} / {@code output} first and then ignores these
   * keys (they are neither the input nor kept in the observation's metadata), so a copy would only
   * double the prompt on the wire.
   */
  private static final Set<String> FOLDED_CONTENT_KEYS =
      Set.of(
          GenAiAttributes.INPUT_MESSAGES.getKey(),
          GenAiAttributes.OUTPUT_MESSAGES.getKey(),
          GenAiAttributes.SYSTEM_INSTRUCTIONS.getKey());

  /**
   * Canonical keys of generations and embeddings that Langfuse gets typed (model name, usage
   * details, model parameters) and would otherwise keep again, untyped, as metadata.
   */
  private static final Set<String> TYPED_GENERATION_KEYS =
      Set.of(
          GenAiAttributes.REQUEST_MODEL.getKey(),
          GenAiAttributes.RESPONSE_MODEL.getKey(),
          GenAiAttributes.USAGE_INPUT_TOKENS.getKey(),
          GenAiAttributes.USAGE_OUTPUT_TOKENS.getKey(),
          GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS.getKey(),
          GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS.getKey(),
          GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS.getKey(),
          GenAiAttributes.REQUEST_TEMPERATURE.getKey(),
          GenAiAttributes.REQUEST_TOP_P.getKey(),
          GenAiAttributes.REQUEST_TOP_K.getKey(),
          GenAiAttributes.REQUEST_MAX_TOKENS.getKey(),
          GenAiAttributes.REQUEST_FREQUENCY_PENALTY.getKey(),
          GenAiAttributes.REQUEST_PRESENCE_PENALTY.getKey(),
          GenAiAttributes.REQUEST_SEED.getKey(),
          GenAiAttributes.REQUEST_STOP_SEQUENCES.getKey(),
          GenAiAttributes.REQUEST_CHOICE_COUNT.getKey());

  /** A tool observation's input and output when sent as such (not sent again then). */
  private static final String TOOL_CALL_ARGUMENTS_NAME =
      GenAiAttributes.TOOL_CALL_ARGUMENTS.getKey();

  private static final String TOOL_CALL_RESULT_NAME = GenAiAttributes.TOOL_CALL_RESULT.getKey();

  /** A retriever observation's input and output when sent as such (not sent again then). */
  private static final String RETRIEVAL_QUERY_NAME = GenAiAttributes.RETRIEVAL_QUERY_TEXT.getKey();

  private static final String RETRIEVAL_DOCUMENTS_NAME =
      GenAiAttributes.RETRIEVAL_DOCUMENTS.getKey();

  /** Sent as {@code session.id}, which Langfuse reads first. */
  private static final String CONVERSATION_ID_NAME = GenAiAttributes.CONVERSATION_ID.getKey();

  /**
   * Captured content kept as a canonical key ({@code gen_ai.tool.definitions}), shed first under
   * the attribute limit: written after everything else.
   */
  private static final String TOOL_DEFINITIONS_NAME = GenAiAttributes.TOOL_DEFINITIONS.getKey();

  // What the pass over the canonical keys does with a gen_ai.* name (CANONICAL_KINDS), one
  // look-up per attribute: dropped (FOLDED: sent as input / output or as session.id), dropped for
  // generations (TYPED), dropped when folded into the observation's input or output (by type),
  // written last (TOOL_DEFINITIONS).
  private static final int FOLDED = 0;
  private static final int TYPED = 1;
  private static final int TOOL_ARGUMENTS = 2;
  private static final int RETRIEVAL_QUERY = 3;
  private static final int TOOL_RESULT = 4;
  private static final int RETRIEVAL_DOCUMENTS = 5;
  private static final int TOOL_DEFINITIONS = 6;

  private static final Map<String, Integer> CANONICAL_KINDS = canonicalKinds();

  private static Map<String, Integer> canonicalKinds() {
    Map<String, Integer> kinds = new HashMap<>();
    TYPED_GENERATION_KEYS.forEach(name -> kinds.put(name, TYPED));
    FOLDED_CONTENT_KEYS.forEach(name -> kinds.put(name, FOLDED));
    kinds.put(CONVERSATION_ID_NAME, FOLDED);
    kinds.put(TOOL_CALL_ARGUMENTS_NAME, TOOL_ARGUMENTS);
    kinds.put(RETRIEVAL_QUERY_NAME, RETRIEVAL_QUERY);
    kinds.put(TOOL_CALL_RESULT_NAME, TOOL_RESULT);
    kinds.put(RETRIEVAL_DOCUMENTS_NAME, RETRIEVAL_DOCUMENTS);
    kinds.put(TOOL_DEFINITIONS_NAME, TOOL_DEFINITIONS);
    for (String name : kinds.keySet()) {
      if (!name.startsWith("gen_ai.")) {
        throw new IllegalStateException("not a gen_ai.* key: " + name); // looked up only for those
      }
    }
    return Map.copyOf(kinds);
  }

  /**
   * The framework's extension keys: cost, tags and metadata are translated above; internal keys are
   * stripped by the core already (dropped again defensively).
   */
  private static final String EXTENSION_PREFIX = "otelpresets.";

  private final String environment;

  /** The trace's chat input and output, on their way to its root span. */
  private final RootContent<String> roots;

  /**
   * The last model parameters written and their JSON: a host's calls mostly repeat theirs, and
   * writing a double is costly. Immutable, replaced whole: a race only costs a rewrite.
   */
  private Parameters lastParameters;

  /**
   * @param environment the Langfuse environment written on every span, or null for none
   */
  public LangfuseAttributeMapper(String environment) {
    this(environment, new RootContent<>(String::length));
  }

  LangfuseAttributeMapper(String environment, RootContent<String> roots) {
    this.environment = environment == null || environment.isBlank() ? null : environment;
    this.roots = roots;
  }

  @Override
  public Attributes map(SpanData span, GenAiContent content, int attributeLimit) {
    if (attributeLimit <= 0) {
      return Attributes.empty();
    }
    try {
      return doMap(span, content, attributeLimit);
    } catch (RuntimeException e) {
      return fallback(span, attributeLimit);
    }
  }

  private Attributes doMap(SpanData span, GenAiContent content, int limit) {
    Attributes in = span.getAttributes();
    CanonicalValues a = CanonicalValues.read(Read.KEYS, in);
    // ~17 Langfuse keys, the canonical ones, a few metadata entries: no growing on the way.
    BoundedAttributes out = new BoundedAttributes(limit, 14 + in.size());

    String type = observationType(a);
    out.put(OBSERVATION_TYPE, type);
    if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
      out.put(OBSERVATION_LEVEL, "ERROR");
      out.put(OBSERVATION_STATUS_MESSAGE, statusMessage(span));
    }
    boolean generationLike = type.equals("generation") || type.equals("embedding");
    // one buffer for this span's JSON objects
    StringBuilder json = generationLike ? new StringBuilder(128) : null;
    if (generationLike) {
      out.put(MODEL_NAME, firstNonBlank(a.get(Read.RESPONSE_MODEL), a.get(Read.REQUEST_MODEL)));
      out.put(USAGE_DETAILS, usageDetails(a, json));
      out.put(COST_DETAILS, costDetails(a, json));
      out.put(COMPLETION_START_TIME, completionStartTime(span, a));
    }

    // Trace-level keys: on every span, so the trace is filterable whichever span Langfuse sees
    // first.
    out.put(ENVIRONMENT, environment);
    out.put(USER_ID, blankToNull(a.get(Read.USER_ID)));
    out.put(SESSION_ID, blankToNull(a.get(Read.CONVERSATION_ID)));
    out.put(TRACE_TAGS, tags(a.get(Read.TAGS)));
    SpanContext parent = span.getParentSpanContext();
    if (!parent.isValid()) {
      out.put(TRACE_NAME, blankToNull(span.getName()));
    }

    if (generationLike) {
      String parameters = modelParameters(Parameters.of(a), json);
      if (parameters == null && a.get(Read.REQUEST_STREAM) != null) {
        // Without explicit parameters Langfuse takes every gen_ai.request.* key as one, the stream
        // flag included (as the string "true"): an empty object keeps it out.
        parameters = "{}";
      }
      out.put(MODEL_PARAMETERS, parameters);
    }
    String input = input(a, content);
    String output = output(a, content);
    // A tool's arguments and result are its input and output, sent as they are; the canonical
    // keys they came from are then not sent again (below).
    // A retriever's are its query and the documents it found (JSON), likewise.
    boolean tool = type.equals("tool");
    boolean retriever = type.equals("retriever");
    String arguments =
        tool
            ? blankToNull(a.get(Read.TOOL_CALL_ARGUMENTS))
            : retriever ? blankToNull(a.get(Read.RETRIEVAL_QUERY_TEXT)) : null;
    String result =
        tool
            ? blankToNull(a.get(Read.TOOL_CALL_RESULT))
            : retriever ? blankToNull(a.get(Read.RETRIEVAL_DOCUMENTS)) : null;
    boolean foldedArguments = input == null && arguments != null;
    boolean foldedResult = output == null && result != null;
    if (foldedArguments) {
      input = arguments;
    }
    if (foldedResult) {
      output = result;
    }
    boolean call = type.equals("generation");
    // The local root gets what the trace's LLM calls left for it (exported before it).
    RootContent.Io<String> io = roots.carry(span, call ? input : null, call ? output : null);
    if (io != null && input == null && output == null) {
      input = io.input();
      output = io.output();
    }
    out.put(OBSERVATION_INPUT, input);
    out.put(OBSERVATION_OUTPUT, output);

    // Canonical keys, except the translated extension keys, the typed duplicates and (last, below)
    // content duplicates.
    Object[] toolDefinitions = new Object[2]; // key, value
    in.forEach(
        (k, v) -> {
          String name = k.getKey();
          if (name.startsWith(EXTENSION_PREFIX)) {
            return;
          }
          Integer kind = name.startsWith("gen_ai.") ? CANONICAL_KINDS.get(name) : null;
          if (kind != null) {
            switch (kind) {
              case FOLDED:
                return;
              case TYPED:
                if (generationLike) {
                  return;
                }
                break;
              case TOOL_ARGUMENTS:
              case RETRIEVAL_QUERY:
                if (foldedArguments && (kind == RETRIEVAL_QUERY) == retriever) {
                  return;
                }
                break;
              case TOOL_RESULT:
              case RETRIEVAL_DOCUMENTS:
                if (foldedResult && (kind == RETRIEVAL_DOCUMENTS) == retriever) {
                  return;
                }
                break;
              default: // TOOL_DEFINITIONS
                toolDefinitions[0] = k;
                toolDefinitions[1] = v;
                return;
            }
          }
          out.putIfAbsent(k, v);
        });
    putMetadata(out, a.get(Read.METADATA), content);
    if (toolDefinitions[0] != null) {
      out.putIfAbsent((AttributeKey<?>) toolDefinitions[0], toolDefinitions[1]);
    }
    return out.build();
  }

  /** The canonical keys the mapping reads, found in one pass over a span's attributes. */
  private static final class Read {
    private static final CanonicalKeys.Builder B = CanonicalKeys.builder();
    static final Slot<String> OPERATION_NAME = B.add(GenAiAttributes.OPERATION_NAME);
    static final Slot<String> REQUEST_MODEL = B.add(GenAiAttributes.REQUEST_MODEL);
    static final Slot<String> RESPONSE_MODEL = B.add(GenAiAttributes.RESPONSE_MODEL);
    static final Slot<Double> REQUEST_TEMPERATURE = B.add(GenAiAttributes.REQUEST_TEMPERATURE);
    static final Slot<Double> REQUEST_TOP_P = B.add(GenAiAttributes.REQUEST_TOP_P);
    static final Slot<Double> REQUEST_TOP_K = B.add(GenAiAttributes.REQUEST_TOP_K);
    static final Slot<Long> REQUEST_MAX_TOKENS = B.add(GenAiAttributes.REQUEST_MAX_TOKENS);
    static final Slot<Double> REQUEST_FREQUENCY_PENALTY =
        B.add(GenAiAttributes.REQUEST_FREQUENCY_PENALTY);
    static final Slot<Double> REQUEST_PRESENCE_PENALTY =
        B.add(GenAiAttributes.REQUEST_PRESENCE_PENALTY);
    static final Slot<Long> REQUEST_SEED = B.add(GenAiAttributes.REQUEST_SEED);
    static final Slot<List<String>> REQUEST_STOP_SEQUENCES =
        B.add(GenAiAttributes.REQUEST_STOP_SEQUENCES);
    static final Slot<Long> REQUEST_CHOICE_COUNT = B.add(GenAiAttributes.REQUEST_CHOICE_COUNT);
    static final Slot<Boolean> REQUEST_STREAM = B.add(GenAiAttributes.REQUEST_STREAM);
    static final Slot<Double> RESPONSE_TIME_TO_FIRST_CHUNK =
        B.add(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK);
    static final Slot<Long> USAGE_INPUT_TOKENS = B.add(GenAiAttributes.USAGE_INPUT_TOKENS);
    static final Slot<Long> USAGE_OUTPUT_TOKENS = B.add(GenAiAttributes.USAGE_OUTPUT_TOKENS);
    static final Slot<Long> USAGE_CACHE_READ_INPUT_TOKENS =
        B.add(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS);
    static final Slot<Long> USAGE_CACHE_CREATION_INPUT_TOKENS =
        B.add(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS);
    static final Slot<Long> USAGE_REASONING_OUTPUT_TOKENS =
        B.add(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS);
    static final Slot<String> CONVERSATION_ID = B.add(GenAiAttributes.CONVERSATION_ID);
    static final Slot<String> TOOL_CALL_ARGUMENTS = B.add(GenAiAttributes.TOOL_CALL_ARGUMENTS);
    static final Slot<String> TOOL_CALL_RESULT = B.add(GenAiAttributes.TOOL_CALL_RESULT);
    static final Slot<String> RETRIEVAL_QUERY_TEXT = B.add(GenAiAttributes.RETRIEVAL_QUERY_TEXT);
    static final Slot<String> RETRIEVAL_DOCUMENTS = B.add(GenAiAttributes.RETRIEVAL_DOCUMENTS);
    static final Slot<String> INPUT_MESSAGES = B.add(GenAiAttributes.INPUT_MESSAGES);
    static final Slot<String> OUTPUT_MESSAGES = B.add(GenAiAttributes.OUTPUT_MESSAGES);
    static final Slot<String> SYSTEM_INSTRUCTIONS = B.add(GenAiAttributes.SYSTEM_INSTRUCTIONS);
    static final Slot<String> USER_ID = B.add(GenAiAttributes.USER_ID);
    static final Slot<Double> COST_TOTAL_USD = B.add(GenAiAttributes.COST_TOTAL_USD);
    static final Slot<Double> COST_INPUT_USD = B.add(GenAiAttributes.COST_INPUT_USD);
    static final Slot<Double> COST_OUTPUT_USD = B.add(GenAiAttributes.COST_OUTPUT_USD);
    static final Slot<List<String>> TAGS = B.add(GenAiAttributes.TAGS);
    static final Slot<String> METADATA = B.add(GenAiAttributes.METADATA);
    static final CanonicalKeys KEYS = B.build();

    private Read() {}
  }

  /** The canonical keys alone, within the limit: used only if mapping hit a bug. */
  private static Attributes fallback(SpanData span, int limit) {
    try {
      BoundedAttributes out = new BoundedAttributes(limit, span.getAttributes().size());
      span.getAttributes()
          .forEach(
              (k, v) -> {
                if (!k.getKey().startsWith(EXTENSION_PREFIX)) {
                  out.putIfAbsent(k, v);
                }
              });
      return out.build();
    } catch (RuntimeException e) {
      return Attributes.empty();
    }
  }

  static String observationType(CanonicalValues a) {
    String op = a.get(Read.OPERATION_NAME);
    if (op == null || op.isBlank()) {
      return "span";
    }
    switch (op) {
      case Operations.CHAT:
      case Operations.TEXT_COMPLETION:
      case Operations.GENERATE_CONTENT:
        return "generation";
      case Operations.EMBEDDINGS:
        return "embedding";
      case Operations.EXECUTE_TOOL:
        return "tool";
      case Operations.INVOKE_AGENT:
      case Operations.CREATE_AGENT:
        return "agent";
      case Operations.RETRIEVAL:
        return "retriever";
      default:
        // An operation this version does not know: a model call if it names a model.
        boolean hasModel =
            blankToNull(a.get(Read.REQUEST_MODEL)) != null
                || blankToNull(a.get(Read.RESPONSE_MODEL)) != null;
        return hasModel ? "generation" : "span";
    }
  }

  private static String statusMessage(SpanData span) {
    String description = blankToNull(span.getStatus().getDescription());
    if (description != null) {
      return description;
    }
    for (EventData e : span.getEvents()) {
      if ("exception".equals(e.getName())) {
        String type = blankToNull(e.getAttributes().get(stringKey("exception.type")));
        String message = blankToNull(e.getAttributes().get(stringKey("exception.message")));
        if (message != null) {
          return type == null ? message : type + ": " + message;
        }
        if (type != null) {
          return type;
        }
      }
    }
    String errorType = blankToNull(span.getAttributes().get(GenAiAttributes.ERROR_TYPE));
    return errorType != null ? errorType : "error";
  }

  /**
   * Langfuse's usage buckets are disjoint: {@code input} excludes cached and cache-creation tokens
   * and {@code output} excludes reasoning tokens, while {@code total} is the canonical input +
   * output. Unknown counts are left out, never written as 0.
   */
  private static String usageDetails(CanonicalValues a, StringBuilder sb) {
    Long input = nonNegative(a.get(Read.USAGE_INPUT_TOKENS));
    Long output = nonNegative(a.get(Read.USAGE_OUTPUT_TOKENS));
    Long cacheRead = nonNegative(a.get(Read.USAGE_CACHE_READ_INPUT_TOKENS));
    Long cacheCreation = nonNegative(a.get(Read.USAGE_CACHE_CREATION_INPUT_TOKENS));
    Long reasoning = nonNegative(a.get(Read.USAGE_REASONING_OUTPUT_TOKENS));
    sb.setLength(0);
    sb.append('{');
    if (input != null) {
      long detail = orZero(cacheRead) + orZero(cacheCreation);
      field(sb, "\"input\":", Math.max(0, input - detail));
    }
    if (output != null) {
      field(sb, "\"output\":", Math.max(0, output - orZero(reasoning)));
    }
    if (input != null && output != null) {
      field(sb, "\"total\":", input + output);
    }
    field(sb, "\"input_cached_tokens\":", cacheRead);
    field(sb, "\"input_cache_creation\":", cacheCreation);
    field(sb, "\"output_reasoning_tokens\":", reasoning);
    return close(sb);
  }

  private static String costDetails(CanonicalValues a, StringBuilder sb) {
    sb.setLength(0);
    sb.append('{');
    finite(sb, "\"input\":", a.get(Read.COST_INPUT_USD));
    finite(sb, "\"output\":", a.get(Read.COST_OUTPUT_USD));
    finite(sb, "\"total\":", a.get(Read.COST_TOTAL_USD));
    return close(sb);
  }

  // The JSON objects below are written straight into one builder: the same text Json.write gives
  // for a LinkedHashMap of the same entries, without the map.

  private static void field(StringBuilder sb, String quotedKeyAndColon, Object value) {
    if (value != null) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      Json.write(value, sb.append(quotedKeyAndColon));
    }
  }

  private static void finite(StringBuilder sb, String quotedKeyAndColon, Double value) {
    if (value != null && Double.isFinite(value)) {
      field(sb, quotedKeyAndColon, value);
    }
  }

  /** The object closed, or null when it has no entry. */
  private static String close(StringBuilder sb) {
    return sb.length() == 1 ? null : sb.append('}').toString();
  }

  /** ISO-8601 instant of the first streamed chunk: span start + time to first chunk. */
  static String completionStartTime(SpanData span) {
    return completionStartTime(span, CanonicalValues.read(Read.KEYS, span.getAttributes()));
  }

  private static String completionStartTime(SpanData span, CanonicalValues a) {
    Double ttfc = a.get(Read.RESPONSE_TIME_TO_FIRST_CHUNK);
    if (ttfc == null
        || !Double.isFinite(ttfc)
        || ttfc < 0
        || Boolean.FALSE.equals(a.get(Read.REQUEST_STREAM))) {
      return null;
    }
    long offsetNanos = Math.round(ttfc * 1e9);
    long startNanos = span.getStartEpochNanos();
    if (offsetNanos < 0 || startNanos < 0 || Long.MAX_VALUE - startNanos < offsetNanos) {
      return null;
    }
    return IsoInstant.format(startNanos + offsetNanos);
  }

  static String modelParameters(Attributes a) {
    return Parameters.of(CanonicalValues.read(Read.KEYS, a)).write(new StringBuilder(128));
  }

  /** {@code p} as JSON, or the last parameters' JSON when they are equal. */
  private String modelParameters(Parameters p, StringBuilder sb) {
    Parameters last = lastParameters;
    if (p.equals(last)) {
      return last.json;
    }
    String json = p.write(sb);
    lastParameters = p.withJson(json);
    return json;
  }

  /**
   * A call's model parameters (null: not recorded), equal when their JSON is: boxed doubles are
   * equal when their bits are, and each distinct double is written distinctly.
   */
  private static final class Parameters {
    private final Object[] values;

    /** The JSON, on the instance kept as the last one; not part of equality. */
    private final String json;

    private Parameters(Object[] values, String json) {
      this.values = values;
      this.json = json;
    }

    static Parameters of(CanonicalValues a) {
      return new Parameters(
          new Object[] {
            a.get(Read.REQUEST_TEMPERATURE),
            a.get(Read.REQUEST_TOP_P),
            a.get(Read.REQUEST_TOP_K),
            a.get(Read.REQUEST_MAX_TOKENS),
            a.get(Read.REQUEST_FREQUENCY_PENALTY),
            a.get(Read.REQUEST_PRESENCE_PENALTY),
            a.get(Read.REQUEST_SEED),
            a.get(Read.REQUEST_STOP_SEQUENCES),
            a.get(Read.REQUEST_CHOICE_COUNT)
          },
          null);
    }

    Parameters withJson(String json) {
      return new Parameters(values, json);
    }

    String write(StringBuilder sb) {
      Object[] v = values;
      sb.setLength(0);
      sb.append('{');
      finite(sb, "\"temperature\":", (Double) v[0]);
      finite(sb, "\"top_p\":", (Double) v[1]);
      finite(sb, "\"top_k\":", (Double) v[2]);
      field(sb, "\"max_tokens\":", v[3]);
      finite(sb, "\"frequency_penalty\":", (Double) v[4]);
      finite(sb, "\"presence_penalty\":", (Double) v[5]);
      field(sb, "\"seed\":", v[6]);
      if (v[7] instanceof List<?> stop && !stop.isEmpty()) {
        field(sb, "\"stop_sequences\":", stop);
      }
      field(sb, "\"choice_count\":", v[8]);
      return close(sb);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Parameters p && Arrays.equals(values, p.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }
  }

  /**
   * The captured input as chat messages ({@link ChatMl#input}), the system instructions first;
   * null when content capture was off.
   */
  static String input(CanonicalValues a, GenAiContent content) {
    return ChatMl.input(a.get(Read.SYSTEM_INSTRUCTIONS), a.get(Read.INPUT_MESSAGES), content);
  }

  /** The captured output as chat messages ({@link ChatMl#output}); null if none. */
  static String output(CanonicalValues a, GenAiContent content) {
    return ChatMl.output(a.get(Read.OUTPUT_MESSAGES), content);
  }

  private static List<String> tags(List<String> tags) {
    if (tags == null || tags.isEmpty()) {
      return null;
    }
    int blank = 0;
    for (int i = 0; i < tags.size(); i++) {
      String t = tags.get(i);
      if (t == null || t.isBlank()) {
        blank++;
      }
    }
    if (blank == 0) {
      return tags; // the canonical list is immutable: sent as is
    }
    List<String> out = new ArrayList<>(tags.size() - blank);
    for (String t : tags) {
      if (t != null && !t.isBlank()) {
        out.add(t);
      }
    }
    return out.isEmpty() ? null : out;
  }

  /** {@code otelpresets.metadata} flattened into {@code langfuse.trace.metadata.<key>}. */
  private static void putMetadata(BoundedAttributes out, String json, GenAiContent content) {
    if (json == null) {
      return;
    }
    for (Map.Entry<String, Object> e : Json.asMap(content.metadata()).entrySet()) {
      if (out.full()) {
        return;
      }
      String key = e.getKey();
      Object v = e.getValue();
      if (key == null || key.isBlank() || v == null) {
        continue;
      }
      MetadataKeys keys = MetadataKeys.of(key);
      if (v instanceof String s) {
        out.putIfAbsent(keys.string(), s);
      } else if (v instanceof Long l) {
        out.putIfAbsent(keys.longKey(), l);
      } else if (v instanceof Double d) {
        out.putIfAbsent(keys.doubleKey(), d);
      } else if (v instanceof Boolean b) {
        out.putIfAbsent(keys.booleanKey(), b);
      } else {
        out.putIfAbsent(keys.string(), Json.write(v));
      }
    }
  }

  private static Long nonNegative(Long v) {
    return v == null || v < 0 ? null : v;
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }

  private static String firstNonBlank(String a, String b) {
    String x = blankToNull(a);
    return x != null ? x : blankToNull(b);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public String toString() {
    return "LangfuseAttributeMapper{environment=" + environment + "}";
  }

  /**
   * An insertion-ordered attribute set that holds at most {@code limit} keys. {@link #put} is for
   * the mapper's own Langfuse keys, each written at most once and before anything else (appended
   * without a look-up: writing one twice would send the name twice); {@link #putIfAbsent} for
   * everything after them (canonical keys, metadata), which never replaces a key already there.
   */
  private static final class BoundedAttributes {
    private final BoundedAttributeSet set;

    BoundedAttributes(int limit, int expected) {
      this.set = new BoundedAttributeSet(limit, expected);
    }

    boolean full() {
      return set.full();
    }

    /** Adds one of the mapper's own keys unless {@code value} is null or the set is full. */
    <T> void put(AttributeKey<T> key, T value) {
      set.append(key, value);
    }

    /** Puts {@code value} unless the key is already there, null, or the set is full. */
    void putIfAbsent(AttributeKey<?> key, Object value) {
      set.putIfAbsent(key, value);
    }

    Attributes build() {
      return set.build();
    }
  }
}
