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

  /** @since 0.1 */
  public static final AttributeKey<String> OPERATION_NAME = stringKey("gen_ai.operation.name");

  /** @since 0.1 */
  public static final AttributeKey<String> PROVIDER_NAME = stringKey("gen_ai.provider.name");

  /** @since 0.1 */
  public static final AttributeKey<String> REQUEST_MODEL = stringKey("gen_ai.request.model");

  /** @since 0.1 */
  public static final AttributeKey<String> RESPONSE_MODEL = stringKey("gen_ai.response.model");

  /** @since 0.1 */
  public static final AttributeKey<String> RESPONSE_ID = stringKey("gen_ai.response.id");

  /** @since 0.1 */
  public static final AttributeKey<Double> REQUEST_TEMPERATURE =
      doubleKey("gen_ai.request.temperature");

  /** @since 0.1 */
  public static final AttributeKey<Double> REQUEST_TOP_P = doubleKey("gen_ai.request.top_p");

  /** @since 0.1 */
  public static final AttributeKey<Double> REQUEST_TOP_K = doubleKey("gen_ai.request.top_k");

  /** @since 0.1 */
  public static final AttributeKey<Long> REQUEST_MAX_TOKENS = longKey("gen_ai.request.max_tokens");

  /** @since 0.1 */
  public static final AttributeKey<Double> REQUEST_FREQUENCY_PENALTY =
      doubleKey("gen_ai.request.frequency_penalty");

  /** @since 0.1 */
  public static final AttributeKey<Double> REQUEST_PRESENCE_PENALTY =
      doubleKey("gen_ai.request.presence_penalty");

  /** @since 0.1 */
  public static final AttributeKey<Long> REQUEST_SEED = longKey("gen_ai.request.seed");

  /** @since 0.1 */
  public static final AttributeKey<List<String>> REQUEST_STOP_SEQUENCES =
      stringArrayKey("gen_ai.request.stop_sequences");

  /** @since 0.1 */
  public static final AttributeKey<Long> REQUEST_CHOICE_COUNT =
      longKey("gen_ai.request.choice.count");

  /** @since 0.1 */
  public static final AttributeKey<Boolean> REQUEST_STREAM = booleanKey("gen_ai.request.stream");

  /** @since 0.1 */
  public static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
      stringArrayKey("gen_ai.response.finish_reasons");

  /** Seconds from the start of the call to the first streamed chunk.
   * @since 0.1 */
  public static final AttributeKey<Double> RESPONSE_TIME_TO_FIRST_CHUNK =
      doubleKey("gen_ai.response.time_to_first_chunk");

  /** @since 0.1 */
  public static final AttributeKey<Long> USAGE_INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");

  /** @since 0.1 */
  public static final AttributeKey<Long> USAGE_OUTPUT_TOKENS =
      longKey("gen_ai.usage.output_tokens");

  /** @since 0.1 */
  public static final AttributeKey<Long> USAGE_CACHE_READ_INPUT_TOKENS =
      longKey("gen_ai.usage.cache_read.input_tokens");

  /** @since 0.1 */
  public static final AttributeKey<Long> USAGE_CACHE_CREATION_INPUT_TOKENS =
      longKey("gen_ai.usage.cache_creation.input_tokens");

  /** @since 0.1 */
  public static final AttributeKey<Long> USAGE_REASONING_OUTPUT_TOKENS =
      longKey("gen_ai.usage.reasoning.output_tokens");

  /** @since 0.1 */
  public static final AttributeKey<String> CONVERSATION_ID = stringKey("gen_ai.conversation.id");

  /** @since 0.1 */
  public static final AttributeKey<String> AGENT_NAME = stringKey("gen_ai.agent.name");

  /** @since 0.1 */
  public static final AttributeKey<String> TOOL_NAME = stringKey("gen_ai.tool.name");

  /** @since 0.1 */
  public static final AttributeKey<String> TOOL_CALL_ID = stringKey("gen_ai.tool.call.id");

  /** @since 0.1 */
  public static final AttributeKey<String> TOOL_TYPE = stringKey("gen_ai.tool.type");

  /** @since 0.1 */
  public static final AttributeKey<String> AGENT_ID = stringKey("gen_ai.agent.id");

  /** @since 0.1 */
  public static final AttributeKey<String> AGENT_DESCRIPTION =
      stringKey("gen_ai.agent.description");

  /** @since 0.1 */
  public static final AttributeKey<String> TOOL_DESCRIPTION = stringKey("gen_ai.tool.description");

  /** The arguments a tool was called with, as JSON text (content capture only).
   * @since 0.1 */
  public static final AttributeKey<String> TOOL_CALL_ARGUMENTS =
      stringKey("gen_ai.tool.call.arguments");

  /** What a tool returned, as text (content capture only).
   * @since 0.1 */
  public static final AttributeKey<String> TOOL_CALL_RESULT = stringKey("gen_ai.tool.call.result");

  /** The number of dimensions of each embedding vector.
   * @since 0.1 */
  public static final AttributeKey<Long> EMBEDDINGS_DIMENSION_COUNT =
      longKey("gen_ai.embeddings.dimension.count");

  /** The encoding formats asked for in an embeddings request ({@code float}, {@code base64}).
   * @since 0.1 */
  public static final AttributeKey<List<String>> REQUEST_ENCODING_FORMATS =
      stringArrayKey("gen_ai.request.encoding_formats");

  /** The data source a retrieval queries (vector store, index, knowledge base).
   * @since 0.1 */
  public static final AttributeKey<String> DATA_SOURCE_ID = stringKey("gen_ai.data_source.id");

  /** The query text of a retrieval (content capture only).
   * @since 0.1 */
  public static final AttributeKey<String> RETRIEVAL_QUERY_TEXT =
      stringKey("gen_ai.retrieval.query.text");

  /** How many documents a retrieval asked for.
   * @since 0.1 */
  public static final AttributeKey<Long> RETRIEVAL_TOP_K = longKey("gen_ai.retrieval.top_k");

  /** JSON array of the documents a retrieval returned, {@code [{"id":..,"score":..,"content":..}]}
   * (content capture only).
   * @since 0.1 */
  public static final AttributeKey<String> RETRIEVAL_DOCUMENTS =
      stringKey("gen_ai.retrieval.documents");

  /** JSON array of input messages (content capture only).
   * @since 0.1 */
  public static final AttributeKey<String> INPUT_MESSAGES = stringKey("gen_ai.input.messages");

  /** JSON array of output messages (content capture only).
   * @since 0.1 */
  public static final AttributeKey<String> OUTPUT_MESSAGES = stringKey("gen_ai.output.messages");

  /** JSON array of system instruction parts (content capture only).
   * @since 0.1 */
  public static final AttributeKey<String> SYSTEM_INSTRUCTIONS =
      stringKey("gen_ai.system_instructions");

  /** JSON array of tool definitions offered to the model.
   * @since 0.1 */
  public static final AttributeKey<String> TOOL_DEFINITIONS = stringKey("gen_ai.tool.definitions");

  /** @since 0.1 */
  public static final AttributeKey<String> SERVER_ADDRESS = stringKey("server.address");

  /** @since 0.1 */
  public static final AttributeKey<Long> SERVER_PORT = longKey("server.port");

  /** @since 0.1 */
  public static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");

  /** @since 0.1 */
  public static final AttributeKey<String> USER_ID = stringKey("user.id");

  /** Metric attribute: {@code input} or {@code output}.
   * @since 0.1 */
  public static final AttributeKey<String> TOKEN_TYPE = stringKey("gen_ai.token.type");

  /** Extension: total cost of the call in US dollars, when the host knows it.
   * @since 0.1 */
  public static final AttributeKey<Double> COST_TOTAL_USD = doubleKey("otelpresets.cost.total_usd");

  /** Extension: cost of the input tokens in US dollars.
   * @since 0.1 */
  public static final AttributeKey<Double> COST_INPUT_USD = doubleKey("otelpresets.cost.input_usd");

  /** Extension: cost of the output tokens in US dollars.
   * @since 0.1 */
  public static final AttributeKey<Double> COST_OUTPUT_USD =
      doubleKey("otelpresets.cost.output_usd");

  /** Extension: the request's tags (team, feature, ...).
   * @since 0.1 */
  public static final AttributeKey<List<String>> TAGS = stringArrayKey("otelpresets.tags");

  /** Extension: the request's free-form metadata as a JSON object.
   * @since 0.1 */
  public static final AttributeKey<String> METADATA = stringKey("otelpresets.metadata");

  /** Prefix of framework-internal keys (tenant routing and the like). They never leave the process:
   * every exporter strips them before its mapper runs.
   * @since 0.1 */
  public static final String INTERNAL_PREFIX = "otelpresets.internal.";

  /** Well-known values of {@link #OPERATION_NAME}.
   * @since 0.1 */
  public static final class Operations {
    private Operations() {}

    /** @since 0.1 */
    public static final String CHAT = "chat";

    /** @since 0.1 */
    public static final String TEXT_COMPLETION = "text_completion";

    /** @since 0.1 */
    public static final String EMBEDDINGS = "embeddings";

    /** @since 0.1 */
    public static final String GENERATE_CONTENT = "generate_content";

    /** @since 0.1 */
    public static final String RETRIEVAL = "retrieval";

    /** @since 0.1 */
    public static final String EXECUTE_TOOL = "execute_tool";

    /** @since 0.1 */
    public static final String INVOKE_AGENT = "invoke_agent";

    /** @since 0.1 */
    public static final String CREATE_AGENT = "create_agent";
  }
}
