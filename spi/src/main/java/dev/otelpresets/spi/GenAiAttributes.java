package dev.otelpresets.spi;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The canonical span attributes mappers read: the OpenTelemetry GenAI semantic conventions ({@code
 * gen_ai.*}), the general keys they use, and {@code otelpresets.*} extensions for cost, tags and
 * metadata. Message-valued keys hold the conventions' parts-based JSON, only with content capture.
 * @since 0.1
 */
public final class GenAiAttributes {
  private GenAiAttributes() {}

  /** What the span does; see {@link Operations} for the well-known values. */
  public static final AttributeKey<String> OPERATION_NAME = stringKey("gen_ai.operation.name");

  /** The model provider, e.g. {@code openai}, {@code anthropic}, {@code aws.bedrock}. */
  public static final AttributeKey<String> PROVIDER_NAME = stringKey("gen_ai.provider.name");

  /** The model the request asked for, e.g. {@code gpt-4o}. */
  public static final AttributeKey<String> REQUEST_MODEL = stringKey("gen_ai.request.model");

  /** The model that answered, as the provider names it (may differ from the request's). */
  public static final AttributeKey<String> RESPONSE_MODEL = stringKey("gen_ai.response.model");

  /** The provider's id of the response (e.g. {@code chatcmpl-...}). */
  public static final AttributeKey<String> RESPONSE_ID = stringKey("gen_ai.response.id");

  /** The sampling temperature the request set. */
  public static final AttributeKey<Double> REQUEST_TEMPERATURE =
      doubleKey("gen_ai.request.temperature");

  /** The nucleus sampling (top-p) value the request set. */
  public static final AttributeKey<Double> REQUEST_TOP_P = doubleKey("gen_ai.request.top_p");

  /** The top-k sampling value the request set. */
  public static final AttributeKey<Double> REQUEST_TOP_K = doubleKey("gen_ai.request.top_k");

  /** The most tokens the request let the model generate. */
  public static final AttributeKey<Long> REQUEST_MAX_TOKENS = longKey("gen_ai.request.max_tokens");

  /** The frequency penalty the request set. */
  public static final AttributeKey<Double> REQUEST_FREQUENCY_PENALTY =
      doubleKey("gen_ai.request.frequency_penalty");

  /** The presence penalty the request set. */
  public static final AttributeKey<Double> REQUEST_PRESENCE_PENALTY =
      doubleKey("gen_ai.request.presence_penalty");

  /** The seed the request set for reproducible sampling. */
  public static final AttributeKey<Long> REQUEST_SEED = longKey("gen_ai.request.seed");

  /** The sequences the request said stop generation. */
  public static final AttributeKey<List<String>> REQUEST_STOP_SEQUENCES =
      stringArrayKey("gen_ai.request.stop_sequences");

  /** How many alternative completions the request asked for. */
  public static final AttributeKey<Long> REQUEST_CHOICE_COUNT =
      longKey("gen_ai.request.choice.count");

  /** Whether the request asked for a streamed response. */
  public static final AttributeKey<Boolean> REQUEST_STREAM = booleanKey("gen_ai.request.stream");

  /** Why the model stopped, per choice ({@code stop}, {@code length}, {@code tool_calls}, ...). */
  public static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
      stringArrayKey("gen_ai.response.finish_reasons");

  /** Seconds from the start of the call to the first streamed chunk. */
  public static final AttributeKey<Double> RESPONSE_TIME_TO_FIRST_CHUNK =
      doubleKey("gen_ai.response.time_to_first_chunk");

  /** Input tokens, all of them (cached ones included). */
  public static final AttributeKey<Long> USAGE_INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");

  /** Output tokens, all of them (reasoning ones included). */
  public static final AttributeKey<Long> USAGE_OUTPUT_TOKENS =
      longKey("gen_ai.usage.output_tokens");

  /** Input tokens read from the provider's prompt cache (part of {@link #USAGE_INPUT_TOKENS}). */
  public static final AttributeKey<Long> USAGE_CACHE_READ_INPUT_TOKENS =
      longKey("gen_ai.usage.cache_read.input_tokens");

  /** Input tokens written to the provider's prompt cache. */
  public static final AttributeKey<Long> USAGE_CACHE_CREATION_INPUT_TOKENS =
      longKey("gen_ai.usage.cache_creation.input_tokens");

  /** Output tokens spent on reasoning (part of {@link #USAGE_OUTPUT_TOKENS}). */
  public static final AttributeKey<Long> USAGE_REASONING_OUTPUT_TOKENS =
      longKey("gen_ai.usage.reasoning.output_tokens");

  /** The conversation (session) the call belongs to; on every span of its trace. */
  public static final AttributeKey<String> CONVERSATION_ID = stringKey("gen_ai.conversation.id");

  /** The agent's name, on {@code invoke_agent} spans. */
  public static final AttributeKey<String> AGENT_NAME = stringKey("gen_ai.agent.name");

  /** The tool's name, on {@code execute_tool} spans. */
  public static final AttributeKey<String> TOOL_NAME = stringKey("gen_ai.tool.name");

  /** The id of the model's tool call that an {@code execute_tool} span carries out. */
  public static final AttributeKey<String> TOOL_CALL_ID = stringKey("gen_ai.tool.call.id");

  /** The kind of tool: {@code function}, {@code extension} or {@code datastore}. */
  public static final AttributeKey<String> TOOL_TYPE = stringKey("gen_ai.tool.type");

  /** The agent's unique id, on {@code invoke_agent} spans. */
  public static final AttributeKey<String> AGENT_ID = stringKey("gen_ai.agent.id");

  /** What the agent does, in free text, on {@code invoke_agent} spans. */
  public static final AttributeKey<String> AGENT_DESCRIPTION =
      stringKey("gen_ai.agent.description");

  /** What the tool does, in free text, on {@code execute_tool} spans. */
  public static final AttributeKey<String> TOOL_DESCRIPTION = stringKey("gen_ai.tool.description");

  /** The arguments a tool was called with, as JSON text (content capture only). */
  public static final AttributeKey<String> TOOL_CALL_ARGUMENTS =
      stringKey("gen_ai.tool.call.arguments");

  /** What a tool returned, as text (content capture only). */
  public static final AttributeKey<String> TOOL_CALL_RESULT = stringKey("gen_ai.tool.call.result");

  /** The number of dimensions of each embedding vector. */
  public static final AttributeKey<Long> EMBEDDINGS_DIMENSION_COUNT =
      longKey("gen_ai.embeddings.dimension.count");

  /** The encoding formats asked for in an embeddings request ({@code float}, {@code base64}). */
  public static final AttributeKey<List<String>> REQUEST_ENCODING_FORMATS =
      stringArrayKey("gen_ai.request.encoding_formats");

  /** The data source a retrieval queries (vector store, index, knowledge base). */
  public static final AttributeKey<String> DATA_SOURCE_ID = stringKey("gen_ai.data_source.id");

  /** The query text of a retrieval (content capture only). */
  public static final AttributeKey<String> RETRIEVAL_QUERY_TEXT =
      stringKey("gen_ai.retrieval.query.text");

  /** How many documents a retrieval asked for. */
  public static final AttributeKey<Long> RETRIEVAL_TOP_K = longKey("gen_ai.retrieval.top_k");

  /** JSON array of the documents a retrieval returned, {@code [{"id":..,"score":..,"content":..}]}
   * (content capture only). */
  public static final AttributeKey<String> RETRIEVAL_DOCUMENTS =
      stringKey("gen_ai.retrieval.documents");

  /** JSON array of input messages (content capture only). */
  public static final AttributeKey<String> INPUT_MESSAGES = stringKey("gen_ai.input.messages");

  /** JSON array of output messages (content capture only). */
  public static final AttributeKey<String> OUTPUT_MESSAGES = stringKey("gen_ai.output.messages");

  /** JSON array of system instruction parts (content capture only). */
  public static final AttributeKey<String> SYSTEM_INSTRUCTIONS =
      stringKey("gen_ai.system_instructions");

  /** JSON array of tool definitions offered to the model. */
  public static final AttributeKey<String> TOOL_DEFINITIONS = stringKey("gen_ai.tool.definitions");

  /** The host of the model or service API the call went to. */
  public static final AttributeKey<String> SERVER_ADDRESS = stringKey("server.address");

  /** The port of {@link #SERVER_ADDRESS}. */
  public static final AttributeKey<Long> SERVER_PORT = longKey("server.port");

  /** Why the operation failed ({@code timeout}, {@code 500}, an exception class); absent if not. */
  public static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");

  /** The end user the request is for; on every span of its trace. */
  public static final AttributeKey<String> USER_ID = stringKey("user.id");

  /** Metric attribute: {@code input} or {@code output}. */
  public static final AttributeKey<String> TOKEN_TYPE = stringKey("gen_ai.token.type");

  /** Extension: total cost of the call in US dollars, when the host knows it. */
  public static final AttributeKey<Double> COST_TOTAL_USD = doubleKey("otelpresets.cost.total_usd");

  /** Extension: cost of the input tokens in US dollars. */
  public static final AttributeKey<Double> COST_INPUT_USD = doubleKey("otelpresets.cost.input_usd");

  /** Extension: cost of the output tokens in US dollars. */
  public static final AttributeKey<Double> COST_OUTPUT_USD =
      doubleKey("otelpresets.cost.output_usd");

  /** Extension: the request's tags (team, feature, ...). */
  public static final AttributeKey<List<String>> TAGS = stringArrayKey("otelpresets.tags");

  /** Extension: the request's free-form metadata as a JSON object. */
  public static final AttributeKey<String> METADATA = stringKey("otelpresets.metadata");

  /** Prefix of framework-internal keys (tenant routing and the like). They never leave the process:
   * every exporter strips them before its mapper runs. */
  public static final String INTERNAL_PREFIX = "otelpresets.internal.";

  /** Well-known values of {@link #OPERATION_NAME}.
   * @since 0.1 */
  public static final class Operations {
    private Operations() {}

    /** A chat completion, e.g. OpenAI's Chat Completions API. */
    public static final String CHAT = "chat";

    /** A (legacy) text completion, e.g. OpenAI's Completions API. */
    public static final String TEXT_COMPLETION = "text_completion";

    /** An embeddings request. */
    public static final String EMBEDDINGS = "embeddings";

    /** A multimodal generation, e.g. Gemini's Generate Content API. */
    public static final String GENERATE_CONTENT = "generate_content";

    /** A retrieval from a data source (vector store, index, knowledge base). */
    public static final String RETRIEVAL = "retrieval";

    /** The execution of a tool. */
    public static final String EXECUTE_TOOL = "execute_tool";

    /** The invocation of an agent. */
    public static final String INVOKE_AGENT = "invoke_agent";

    /** The creation of an agent. */
    public static final String CREATE_AGENT = "create_agent";
  }
}
