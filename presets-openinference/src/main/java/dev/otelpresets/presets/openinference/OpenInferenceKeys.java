package dev.otelpresets.presets.openinference;

import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import dev.otelpresets.support.internal.IndexedKeys;
import io.opentelemetry.api.common.AttributeKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The {@link AttributeKey}s of {@link OpenInferenceAttributes}, built once. A key instance caches
 * its UTF-8 form for the OTLP marshaler, so a key made per span costs its allocation and its
 * encoding on every export; these are shared. The flattened keys ({@code
 * llm.input_messages.3.message.role}, {@code ...message.tool_calls.1.tool_call.id}, {@code
 * llm.tools.2.tool.json_schema}) are built on first use and kept, up to a bound on the indices
 * (beyond it they are built per call, as before).
 */
final class OpenInferenceKeys {
  private OpenInferenceKeys() {}

  static final AttributeKey<String> SPAN_KIND = stringKey(OpenInferenceAttributes.SPAN_KIND);
  static final AttributeKey<String> INPUT_VALUE = stringKey(OpenInferenceAttributes.INPUT_VALUE);
  static final AttributeKey<String> INPUT_MIME_TYPE =
      stringKey(OpenInferenceAttributes.INPUT_MIME_TYPE);
  static final AttributeKey<String> OUTPUT_VALUE = stringKey(OpenInferenceAttributes.OUTPUT_VALUE);
  static final AttributeKey<String> OUTPUT_MIME_TYPE =
      stringKey(OpenInferenceAttributes.OUTPUT_MIME_TYPE);
  static final AttributeKey<String> LLM_MODEL_NAME =
      stringKey(OpenInferenceAttributes.LLM_MODEL_NAME);
  static final AttributeKey<String> LLM_REQUEST_MODEL_NAME =
      stringKey(OpenInferenceAttributes.LLM_REQUEST_MODEL_NAME);
  static final AttributeKey<String> LLM_RESPONSE_MODEL_NAME =
      stringKey(OpenInferenceAttributes.LLM_RESPONSE_MODEL_NAME);
  static final AttributeKey<String> LLM_SYSTEM = stringKey(OpenInferenceAttributes.LLM_SYSTEM);
  static final AttributeKey<String> LLM_PROVIDER = stringKey(OpenInferenceAttributes.LLM_PROVIDER);
  static final AttributeKey<String> LLM_INVOCATION_PARAMETERS =
      stringKey(OpenInferenceAttributes.LLM_INVOCATION_PARAMETERS);
  static final AttributeKey<String> LLM_FINISH_REASON =
      stringKey(OpenInferenceAttributes.LLM_FINISH_REASON);
  static final AttributeKey<Long> LLM_TOKEN_COUNT_PROMPT =
      longKey(OpenInferenceAttributes.LLM_TOKEN_COUNT_PROMPT);
  static final AttributeKey<Long> LLM_TOKEN_COUNT_COMPLETION =
      longKey(OpenInferenceAttributes.LLM_TOKEN_COUNT_COMPLETION);
  static final AttributeKey<Long> LLM_TOKEN_COUNT_TOTAL =
      longKey(OpenInferenceAttributes.LLM_TOKEN_COUNT_TOTAL);
  static final AttributeKey<Long> LLM_TOKEN_COUNT_PROMPT_CACHE_READ =
      longKey(OpenInferenceAttributes.LLM_TOKEN_COUNT_PROMPT_CACHE_READ);
  static final AttributeKey<Long> LLM_TOKEN_COUNT_PROMPT_CACHE_WRITE =
      longKey(OpenInferenceAttributes.LLM_TOKEN_COUNT_PROMPT_CACHE_WRITE);
  static final AttributeKey<Long> LLM_TOKEN_COUNT_COMPLETION_REASONING =
      longKey(OpenInferenceAttributes.LLM_TOKEN_COUNT_COMPLETION_REASONING);
  static final AttributeKey<Double> LLM_COST_PROMPT =
      doubleKey(OpenInferenceAttributes.LLM_COST_PROMPT);
  static final AttributeKey<Double> LLM_COST_COMPLETION =
      doubleKey(OpenInferenceAttributes.LLM_COST_COMPLETION);
  static final AttributeKey<Double> LLM_COST_TOTAL =
      doubleKey(OpenInferenceAttributes.LLM_COST_TOTAL);
  static final AttributeKey<String> EMBEDDING_MODEL_NAME =
      stringKey(OpenInferenceAttributes.EMBEDDING_MODEL_NAME);
  static final AttributeKey<String> EMBEDDING_INVOCATION_PARAMETERS =
      stringKey(OpenInferenceAttributes.EMBEDDING_INVOCATION_PARAMETERS);
  static final AttributeKey<String> TOOL_NAME = stringKey(OpenInferenceAttributes.TOOL_NAME);
  static final AttributeKey<String> TOOL_ID = stringKey(OpenInferenceAttributes.TOOL_ID);
  static final AttributeKey<String> TOOL_DESCRIPTION =
      stringKey(OpenInferenceAttributes.TOOL_DESCRIPTION);
  static final AttributeKey<String> AGENT_NAME = stringKey(OpenInferenceAttributes.AGENT_NAME);
  static final AttributeKey<String> SESSION_ID = stringKey(OpenInferenceAttributes.SESSION_ID);
  static final AttributeKey<String> USER_ID = stringKey(OpenInferenceAttributes.USER_ID);
  static final AttributeKey<String> METADATA = stringKey(OpenInferenceAttributes.METADATA);
  static final AttributeKey<List<String>> TAG_TAGS =
      stringArrayKey(OpenInferenceAttributes.TAG_TAGS);

  /** Message suffixes, indices into the per-message key cache. */
  static final int ROLE = 0;

  static final int CONTENT = 1;
  static final int TOOL_CALL_ID_OF_MESSAGE = 2;
  static final int NAME = 3;
  private static final String[] MESSAGE_SUFFIXES = {
    OpenInferenceAttributes.MESSAGE_ROLE,
    OpenInferenceAttributes.MESSAGE_CONTENT,
    OpenInferenceAttributes.MESSAGE_TOOL_CALL_ID,
    OpenInferenceAttributes.MESSAGE_NAME
  };

  /** Tool-call suffixes, indices into the per-tool-call key cache. */
  static final int CALL_ID = 0;

  static final int CALL_FUNCTION_NAME = 1;
  static final int CALL_FUNCTION_ARGUMENTS = 2;
  private static final String[] CALL_SUFFIXES = {
    OpenInferenceAttributes.TOOL_CALL_ID,
    OpenInferenceAttributes.TOOL_CALL_FUNCTION_NAME,
    OpenInferenceAttributes.TOOL_CALL_FUNCTION_ARGUMENTS
  };

  /** Message indices with cached keys (the default attribute limit is 128). */
  static final int MAX_CACHED_MESSAGES = 256;

  /** Tool calls per message with cached keys. */
  static final int MAX_CACHED_CALLS = 16;

  static final int MAX_CACHED_TOOLS = 128;

  private static final String[] PREFIXES = {
    OpenInferenceAttributes.LLM_INPUT_MESSAGES, OpenInferenceAttributes.LLM_OUTPUT_MESSAGES
  };

  private static final IndexedKeys[] MESSAGE_KEYS = {
    new IndexedKeys(PREFIXES[0] + ".", MAX_CACHED_MESSAGES, MESSAGE_SUFFIXES),
    new IndexedKeys(PREFIXES[1] + ".", MAX_CACHED_MESSAGES, MESSAGE_SUFFIXES)
  };

  // A racy single-check cache of two levels (IndexedKeys has one): a reader sees null (and builds
  // the key itself) or a complete key, whose fields are final; the per-message tool-call arrays
  // are published through an AtomicReferenceArray.
  private static final AtomicReferenceArray<AttributeKey<String>[]> CALL_KEYS =
      new AtomicReferenceArray<>(2 * MAX_CACHED_MESSAGES);

  /** {@code llm.{input,output}_messages.<index>.<suffix>}. */
  static AttributeKey<String> message(boolean output, int index, int suffix) {
    return MESSAGE_KEYS[output ? 1 : 0].get(index, suffix);
  }

  /** {@code llm.{input,output}_messages.<index>.message.tool_calls.<call>.<suffix>}. */
  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array is created from the raw type
  static AttributeKey<String> toolCall(boolean output, int index, int call, int suffix) {
    int p = output ? 1 : 0;
    if (index >= MAX_CACHED_MESSAGES || call >= MAX_CACHED_CALLS) {
      return stringKey(callName(p, index, call, suffix));
    }
    int m = p * MAX_CACHED_MESSAGES + index;
    AttributeKey<String>[] keys = CALL_KEYS.get(m);
    if (keys == null) {
      CALL_KEYS.compareAndSet(m, null, new AttributeKey[MAX_CACHED_CALLS * CALL_SUFFIXES.length]);
      keys = CALL_KEYS.get(m);
    }
    int slot = call * CALL_SUFFIXES.length + suffix;
    AttributeKey<String> k = keys[slot];
    if (k == null) {
      k = stringKey(callName(p, index, call, suffix));
      keys[slot] = k;
    }
    return k;
  }

  private static String callName(int p, int index, int call, int suffix) {
    return PREFIXES[p]
        + "."
        + index
        + "."
        + OpenInferenceAttributes.MESSAGE_TOOL_CALLS
        + "."
        + call
        + "."
        + CALL_SUFFIXES[suffix];
  }

  private static final IndexedKeys EMBEDDING_TEXT_KEYS =
      new IndexedKeys(
          OpenInferenceAttributes.EMBEDDING_EMBEDDINGS + ".",
          MAX_CACHED_TOOLS,
          OpenInferenceAttributes.EMBEDDING_TEXT);

  private static final IndexedKeys TOOL_KEYS =
      new IndexedKeys(
          OpenInferenceAttributes.LLM_TOOLS + ".",
          MAX_CACHED_TOOLS,
          OpenInferenceAttributes.TOOL_JSON_SCHEMA);

  /** {@code embedding.embeddings.<index>.embedding.text}. */
  static AttributeKey<String> embeddingText(int index) {
    return EMBEDDING_TEXT_KEYS.get(index, 0);
  }

  /** {@code retrieval.documents.<index>.<suffix>}: built per call (a handful per retrieval). */
  static String document(int index, String suffix) {
    return OpenInferenceAttributes.RETRIEVAL_DOCUMENTS + "." + index + "." + suffix;
  }

  /** {@code llm.tools.<index>.tool.json_schema}. */
  static AttributeKey<String> toolSchema(int index) {
    return TOOL_KEYS.get(index, 0);
  }
}
