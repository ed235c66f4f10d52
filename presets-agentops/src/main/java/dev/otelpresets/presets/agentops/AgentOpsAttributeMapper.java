package dev.otelpresets.presets.agentops;

import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.GenAiAttributes.Operations;
import dev.otelpresets.spi.genai.GenAiContent;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.support.internal.BoundedAttributeSet;
import dev.otelpresets.support.internal.CanonicalKeys;
import dev.otelpresets.support.internal.CanonicalKeys.Slot;
import dev.otelpresets.support.internal.CanonicalValues;
import dev.otelpresets.support.internal.FlatMessages;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.support.internal.IndexedKeys;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical span plus the older GenAI keys AgentOps reads, for the AgentOps exporter only.
 *
 * <p>AgentOps' API and dashboards take token counts and cost from {@code gen_ai.usage.prompt_tokens}
 * / {@code completion_tokens} / {@code total_tokens} / {@code cache_read_input_tokens} / {@code
 * reasoning_tokens} and {@code gen_ai.usage.{prompt,completion,total}_cost} ({@code
 * app/api/agentops/api/models/span_metrics.py}; its collector prices {@code prompt_tokens} × the
 * response model, {@code app/opentelemetry-collector/config/processors.yaml.tpl}), show a span's
 * conversation from the flattened {@code gen_ai.prompt.<i>.*} / {@code gen_ai.completion.<i>.*}
 * (the keys of {@code agentops/semconv/message.py}, written as its OpenAI instrumentation writes
 * them, {@code agentops/instrumentation/providers/openai/wrappers/chat.py}), the system from {@code
 * gen_ai.system} and a trace's tags from {@code agentops.tags}. Written here:
 *
 * <ul>
 *   <li>{@code gen_ai.usage.prompt_tokens} = input tokens, {@code completion_tokens} = output
 *       tokens, {@code total_tokens} = their sum (AgentOps would otherwise add the cache and
 *       reasoning counts on top), {@code cache_read_input_tokens}, {@code
 *       cache_creation_input_tokens}, {@code reasoning_tokens} — only the counts that are known.
 *   <li>{@code gen_ai.usage.prompt_cost} / {@code completion_cost} / {@code total_cost} from the
 *       host's {@code otelpresets.cost.*} (AgentOps' collector recomputes the first two for models
 *       it prices; the total is ours).
 *   <li>{@code gen_ai.system} = {@code gen_ai.provider.name}; {@code agentops.tags} = the tags.
 *   <li>With content capture only (derived from the canonical message attributes, which exist only
 *       then): {@code gen_ai.prompt.<i>.role} / {@code .content} / {@code .tool_call_id} / {@code
 *       .tool_calls.<j>.{id,name,arguments}} — the system instructions first, as a {@code system}
 *       message — and {@code gen_ai.completion.<i>.role} / {@code .content} / {@code
 *       .finish_reason} / {@code .tool_calls.<j>.{id,name,arguments}}. An embeddings span gets its
 *       texts as {@code gen_ai.prompt.<i>.content}, as AgentOps' embeddings instrumentation does.
 * </ul>
 *
 * <p>Agent and tool spans ({@code invoke_agent}, {@code create_agent}, {@code execute_tool}) are
 * sent in AgentOps' agent / tool vocabulary instead, with no {@code gen_ai.*} key (see {@link
 * #entity}): {@code agentops.span.kind} {@code agent} / {@code tool}, {@code
 * agentops.entity.name}, {@code agent.name} / {@code agent.id} or {@code tool.name} / {@code
 * tool.id} / {@code tool.description}, and with content capture {@code tool.parameters} / {@code
 * tool.result} and {@code agentops.entity.input} / {@code output} ({@code agentops/semconv/
 * {span_attributes,agent,tool}.py}).
 *
 * <p>The canonical keys are kept (AgentOps shows them among the span's attributes), except {@code
 * otelpresets.cost.*} and {@code otelpresets.tags}, translated above; {@code otelpresets.metadata}
 * stays, the host's own data with no AgentOps key. Within the attribute limit the AgentOps usage,
 * cost, system and tag keys come first, then the canonical keys, then the flattened messages as
 * whole messages (the first turn — two after a system message —, the completions, then the newest
 * turns). Never throws: on a bug the canonical keys alone are sent.
 */
final class AgentOpsAttributeMapper implements AttributeMapper {
  static final AttributeKey<Long> PROMPT_TOKENS = longKey("gen_ai.usage.prompt_tokens");
  static final AttributeKey<Long> COMPLETION_TOKENS = longKey("gen_ai.usage.completion_tokens");
  static final AttributeKey<Long> TOTAL_TOKENS = longKey("gen_ai.usage.total_tokens");
  static final AttributeKey<Long> CACHE_READ_INPUT_TOKENS =
      longKey("gen_ai.usage.cache_read_input_tokens");
  static final AttributeKey<Long> CACHE_CREATION_INPUT_TOKENS =
      longKey("gen_ai.usage.cache_creation_input_tokens");
  static final AttributeKey<Long> REASONING_TOKENS = longKey("gen_ai.usage.reasoning_tokens");
  static final AttributeKey<Double> PROMPT_COST = doubleKey("gen_ai.usage.prompt_cost");
  static final AttributeKey<Double> COMPLETION_COST = doubleKey("gen_ai.usage.completion_cost");
  static final AttributeKey<Double> TOTAL_COST = doubleKey("gen_ai.usage.total_cost");
  static final AttributeKey<String> SYSTEM = stringKey("gen_ai.system");
  static final AttributeKey<List<String>> TAGS = stringArrayKey("agentops.tags");
  static final AttributeKey<String> SPAN_KIND = stringKey("agentops.span.kind");
  static final AttributeKey<String> ENTITY_NAME = stringKey("agentops.entity.name");
  static final AttributeKey<String> ENTITY_INPUT = stringKey("agentops.entity.input");
  static final AttributeKey<String> ENTITY_OUTPUT = stringKey("agentops.entity.output");
  static final AttributeKey<String> AGENT_NAME = stringKey("agent.name");
  static final AttributeKey<String> AGENT_ID = stringKey("agent.id");
  static final AttributeKey<String> TOOL_NAME = stringKey("tool.name");
  static final AttributeKey<String> TOOL_ID = stringKey("tool.id");
  static final AttributeKey<String> TOOL_DESCRIPTION = stringKey("tool.description");
  static final AttributeKey<String> TOOL_PARAMETERS = stringKey("tool.parameters");
  static final AttributeKey<String> TOOL_RESULT = stringKey("tool.result");
  static final String PROMPT_PREFIX = "gen_ai.prompt.";
  static final String COMPLETION_PREFIX = "gen_ai.completion.";

  /** Message fields, indices into {@link #PROMPT_KEYS} and {@link #COMPLETION_KEYS}. */
  private static final int ROLE = 0;

  private static final int CONTENT = 1;
  private static final int TOOL_CALL_ID = 2;
  private static final int FINISH_REASON = 3;

  /** Message indices with kept keys (the default attribute limit is 128). */
  static final int MAX_KEPT_INDEX = 256;

  private static final String[] FIELDS = {"role", "content", "tool_call_id", "finish_reason"};
  private static final IndexedKeys PROMPT_KEYS =
      new IndexedKeys(PROMPT_PREFIX, MAX_KEPT_INDEX, FIELDS);
  private static final IndexedKeys COMPLETION_KEYS =
      new IndexedKeys(COMPLETION_PREFIX, MAX_KEPT_INDEX, FIELDS);

  /** The canonical keys translated above, so not sent again under their private names. */
  private static final List<String> TRANSLATED =
      List.of(
          GenAiAttributes.COST_TOTAL_USD.getKey(), GenAiAttributes.COST_INPUT_USD.getKey(),
          GenAiAttributes.COST_OUTPUT_USD.getKey(), GenAiAttributes.TAGS.getKey());

  @Override
  public Attributes map(SpanData span, GenAiContent content, int attributeLimit) {
    if (attributeLimit <= 0) {
      return Attributes.empty();
    }
    try {
      return mapChecked(span.getAttributes(), content, attributeLimit);
    } catch (RuntimeException e) {
      return canonical(
              span.getAttributes(),
              new BoundedAttributeSet(attributeLimit, span.getAttributes().size()))
          .build();
    }
  }

  /** The mapping without the last-resort catch, so tests see any exception. */
  Attributes mapChecked(Attributes in, GenAiContent content, int limit) {
    CanonicalValues v = CanonicalValues.read(Read.KEYS, in);
    String op = v.get(Read.OPERATION_NAME);
    if (Operations.EXECUTE_TOOL.equals(op)) {
      return entity(in, "tool", v.get(Read.TOOL_NAME), limit);
    }
    if (Operations.INVOKE_AGENT.equals(op) || Operations.CREATE_AGENT.equals(op)) {
      return entity(in, "agent", v.get(Read.AGENT_NAME), limit);
    }
    List<Flat> prompts = prompts(op, content);
    List<Flat> completions = completions(content);
    BoundedAttributeSet out =
        new BoundedAttributeSet(limit, 12 + in.size() + 3 * (prompts.size() + completions.size()));
    usage(v, out);
    canonical(in, out);
    Flat.writeWithinBudget(prompts, completions, out);
    return out.build();
  }

  /** The canonical keys the mapping reads, in one pass over a span's attributes. */
  private static final class Read {
    private static final CanonicalKeys.Builder B = CanonicalKeys.builder();
    static final Slot<String> OPERATION_NAME = B.add(GenAiAttributes.OPERATION_NAME);
    static final Slot<Long> INPUT_TOKENS = B.add(GenAiAttributes.USAGE_INPUT_TOKENS);
    static final Slot<Long> OUTPUT_TOKENS = B.add(GenAiAttributes.USAGE_OUTPUT_TOKENS);
    static final Slot<Long> CACHE_READ_INPUT_TOKENS =
        B.add(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS);
    static final Slot<Long> CACHE_CREATION_INPUT_TOKENS =
        B.add(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS);
    static final Slot<Long> REASONING_TOKENS = B.add(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS);
    static final Slot<Double> COST_INPUT = B.add(GenAiAttributes.COST_INPUT_USD);
    static final Slot<Double> COST_OUTPUT = B.add(GenAiAttributes.COST_OUTPUT_USD);
    static final Slot<Double> COST_TOTAL = B.add(GenAiAttributes.COST_TOTAL_USD);
    static final Slot<String> PROVIDER_NAME = B.add(GenAiAttributes.PROVIDER_NAME);
    static final Slot<List<String>> TAGS = B.add(GenAiAttributes.TAGS);
    static final Slot<String> TOOL_NAME = B.add(GenAiAttributes.TOOL_NAME);
    static final Slot<String> AGENT_NAME = B.add(GenAiAttributes.AGENT_NAME);
    static final CanonicalKeys KEYS = B.build();

    private Read() {}
  }

  /** AgentOps' usage, cost, system and tag keys, in this order, first in {@code out}. */
  private static final AttributeKey<?>[] USAGE_KEYS = {
    PROMPT_TOKENS,
    COMPLETION_TOKENS,
    TOTAL_TOKENS,
    CACHE_READ_INPUT_TOKENS,
    CACHE_CREATION_INPUT_TOKENS,
    REASONING_TOKENS,
    PROMPT_COST,
    COMPLETION_COST,
    TOTAL_COST,
    SYSTEM,
    TAGS
  };

  /** The values of {@link #USAGE_KEYS} that are known, first in {@code out}. */
  private static void usage(CanonicalValues v, BoundedAttributeSet out) {
    Long input = nonNegative(v.get(Read.INPUT_TOKENS));
    Long output = nonNegative(v.get(Read.OUTPUT_TOKENS));
    List<String> tags = v.get(Read.TAGS);
    Object[] values = {
      input,
      output,
      input == null && output == null
          ? null
          : (Long) ((input == null ? 0 : input) + (output == null ? 0 : output)),
      nonNegative(v.get(Read.CACHE_READ_INPUT_TOKENS)),
      nonNegative(v.get(Read.CACHE_CREATION_INPUT_TOKENS)),
      nonNegative(v.get(Read.REASONING_TOKENS)),
      finite(v.get(Read.COST_INPUT)),
      finite(v.get(Read.COST_OUTPUT)),
      finite(v.get(Read.COST_TOTAL)),
      blankToNull(v.get(Read.PROVIDER_NAME)),
      tags == null || tags.isEmpty() ? null : tags
    };
    // one call site of append (null values are left out): the JIT inlines the set's insert at each
    // call site, and a dozen of them made this a 23 KB compilation
    for (int i = 0; i < USAGE_KEYS.length; i++) {
      out.append(USAGE_KEYS[i], values[i]);
    }
  }

  /**
   * An agent or tool span in AgentOps' own agent / tool vocabulary (the keys its SDK's {@code
   * @agent} / {@code @tool} decorators write) and without {@code gen_ai.*} keys: AgentOps' API
   * types a span {@code request} (an LLM call) as soon as it has any {@code gen_ai} key ({@code
   * format_span_type}), so the canonical keys would hide the agent or tool. The {@code gen_ai.*}
   * facts AgentOps has a key for are translated; the rest (provider, model, conversation id,
   * descriptions of agents, tool type) are not sent to AgentOps.
   */
  private static Attributes entity(Attributes in, String kind, String name, int limit) {
    BoundedAttributeSet out = new BoundedAttributeSet(limit, 8 + in.size());
    out.append(SPAN_KIND, kind);
    out.append(ENTITY_NAME, blankToNull(name));
    if (kind.equals("tool")) {
      out.append(TOOL_NAME, blankToNull(name));
      out.append(TOOL_ID, blankToNull(in.get(GenAiAttributes.TOOL_CALL_ID)));
      out.append(TOOL_DESCRIPTION, blankToNull(in.get(GenAiAttributes.TOOL_DESCRIPTION)));
      // content capture only: the canonical keys exist only then
      out.append(TOOL_PARAMETERS, in.get(GenAiAttributes.TOOL_CALL_ARGUMENTS));
      out.append(TOOL_RESULT, in.get(GenAiAttributes.TOOL_CALL_RESULT));
      out.append(ENTITY_INPUT, in.get(GenAiAttributes.TOOL_CALL_ARGUMENTS));
      out.append(ENTITY_OUTPUT, in.get(GenAiAttributes.TOOL_CALL_RESULT));
    } else {
      out.append(AGENT_NAME, blankToNull(name));
      out.append(AGENT_ID, blankToNull(in.get(GenAiAttributes.AGENT_ID)));
      out.append(ENTITY_INPUT, in.get(GenAiAttributes.INPUT_MESSAGES));
      out.append(ENTITY_OUTPUT, in.get(GenAiAttributes.OUTPUT_MESSAGES));
    }
    List<String> tags = in.get(GenAiAttributes.TAGS);
    out.append(TAGS, tags == null || tags.isEmpty() ? null : tags);
    in.forEach(
        (k, v) -> {
          String key = k.getKey();
          if (!key.startsWith("gen_ai.") && !TRANSLATED.contains(key)) {
            out.putIfAbsent(k, v);
          }
        });
    return out.build();
  }

  /** The canonical keys, less the translated ones, after whatever {@code out} holds already. */
  private static BoundedAttributeSet canonical(Attributes in, BoundedAttributeSet out) {
    in.forEach(
        (k, v) -> {
          if (!TRANSLATED.contains(k.getKey())) {
            out.putIfAbsent(k, v);
          }
        });
    return out;
  }

  /**
   * The prompt messages: the system instructions as a leading {@code system} message, then the
   * input messages; for embeddings, one content-only entry per embedded text.
   */
  private static List<Flat> prompts(String operation, GenAiContent content) {
    List<ChatMessage> inputs = content.inputMessages();
    List<Flat> out = new ArrayList<>(inputs.size() + 1);
    if (Operations.EMBEDDINGS.equals(operation)) {
      for (ChatMessage m : inputs) {
        for (MessagePart p : m.parts()) {
          if (p instanceof MessagePart.Text t) {
            out.add(new Flat(null, t.content(), null, null, List.of()));
          }
        }
      }
      return out;
    }
    String system = new ChatMessage("system", content.systemInstructions(), null).textContent();
    if (system != null) {
      out.add(new Flat("system", system, null, null, List.of()));
    }
    for (ChatMessage m : inputs) {
      out.add(Flat.of(m));
    }
    return out;
  }

  private static List<Flat> completions(GenAiContent content) {
    List<ChatMessage> outputs = content.outputMessages();
    List<Flat> out = new ArrayList<>(outputs.size());
    for (ChatMessage m : outputs) {
      out.add(Flat.of(m));
    }
    return out;
  }

  private static Long nonNegative(Long v) {
    return v == null || v < 0 ? null : v;
  }

  private static Double finite(Double v) {
    return v == null || !Double.isFinite(v) || v < 0 ? null : v;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public String toString() {
    return "AgentOpsAttributeMapper";
  }

  /** One message as AgentOps' flattened keys: kept or dropped whole under the attribute limit. */
  record Flat(
      String role,
      String content,
      String toolCallId,
      String finishReason,
      List<MessagePart.ToolCall> calls) {

    static Flat of(ChatMessage m) {
      List<MessagePart> parts = m.parts();
      if (parts.size() == 1 && parts.get(0) instanceof MessagePart.Text t) {
        // the usual turn, one text: what the general path below reads from it, without its three
        // walks over the parts (an iterator each) and its list of tool calls
        return new Flat(m.role(), t.content(), null, m.finishReason(), List.of());
      }
      return general(m);
    }

    /** {@link #of} for any message. */
    static Flat general(ChatMessage m) {
      return new Flat(
          m.role(), FlatMessages.content(m), m.toolCallId(), m.finishReason(), m.toolCalls());
    }

    int size() {
      int n =
          (role != null ? 1 : 0)
              + (content != null ? 1 : 0)
              + (toolCallId != null ? 1 : 0)
              + (finishReason != null ? 1 : 0);
      for (MessagePart.ToolCall c : calls) {
        n += 2 + (c.id() != null ? 1 : 0);
      }
      return n;
    }

    /**
     * Writes the message as {@code <prefix><index>.*}; {@code lookUp}: whether a key of the same
     * name may be present already (a host's own flattened key passed through), which is then
     * replaced in place; else the keys, unique among themselves, are appended.
     */
    void writeTo(BoundedAttributeSet out, IndexedKeys keys, int index, boolean lookUp) {
      put(out, keys.get(index, ROLE), role, lookUp);
      put(out, keys.get(index, CONTENT), content, lookUp);
      put(out, keys.get(index, TOOL_CALL_ID), toolCallId, lookUp);
      put(out, keys.get(index, FINISH_REASON), finishReason, lookUp);
      if (calls.isEmpty()) {
        return;
      }
      String p = keys.get(index, ROLE).getKey();
      p = p.substring(0, p.length() - "role".length()); // <prefix><index>.
      for (int j = 0; j < calls.size(); j++) {
        MessagePart.ToolCall c = calls.get(j);
        String q = p + "tool_calls." + j + '.';
        put(out, stringKey(q + "id"), c.id(), lookUp);
        put(out, stringKey(q + "name"), c.name(), lookUp);
        put(out, stringKey(q + "arguments"), GenAiJson.argumentsJson(c), lookUp);
      }
    }

    private static void put(
        BoundedAttributeSet out, AttributeKey<String> key, String value, boolean lookUp) {
      if (lookUp) {
        out.put(key, value);
      } else {
        out.append(key, value);
      }
    }

    /**
     * Writes as many whole messages as fit ({@link FlatMessages#keep}: the first turn or two, the
     * completions, then the newest turns). Kept messages are numbered from 0 in their original
     * order — AgentOps turns {@code gen_ai.prompt.0...} into a list only when index 0 comes first.
     */
    static void writeWithinBudget(
        List<Flat> prompts, List<Flat> completions, BoundedAttributeSet out) {
      FlatMessages.Kept kept =
          FlatMessages.keep(
              prompts,
              !prompts.isEmpty() && "system".equals(prompts.get(0).role()),
              completions,
              Flat::size,
              out.remaining());
      // the canonical keys passed through first may hold a host's own flattened keys
      boolean lookUp =
          out.anyKeyStartsWith(PROMPT_PREFIX) || out.anyKeyStartsWith(COMPLETION_PREFIX);
      write(prompts, kept.inputs(), PROMPT_KEYS, out, lookUp);
      write(completions, kept.outputs(), COMPLETION_KEYS, out, lookUp);
    }

    private static void write(
        List<Flat> messages,
        boolean[] kept,
        IndexedKeys keys,
        BoundedAttributeSet out,
        boolean lookUp) {
      int n = 0;
      for (int i = 0; i < messages.size(); i++) {
        if (kept[i]) {
          messages.get(i).writeTo(out, keys, n++, lookUp);
        }
      }
    }
  }
}
