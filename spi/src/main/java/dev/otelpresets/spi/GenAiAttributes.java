package dev.otelpresets.spi;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The canonical attributes the framework writes on spans: the OpenTelemetry GenAI semantic
 * conventions ({@code gen_ai.*}), the general keys they use, and the few {@code otelpresets.*}
 * extension keys for facts the conventions do not name yet (cost, tags, metadata). Mappers read these.
 *
 * <p>Message-valued keys hold JSON in the conventions' parts-based shape and are present only when
 * content capture is on.
 */
public final class GenAiAttributes {
  private GenAiAttributes() {}

  public static final AttributeKey<String> OPERATION_NAME = stringKey("gen_ai.operation.name");
  public static final AttributeKey<String> PROVIDER_NAME = stringKey("gen_ai.provider.name");
  public static final AttributeKey<String> REQUEST_MODEL = stringKey("gen_ai.request.model");
  public static final AttributeKey<String> RESPONSE_MODEL = stringKey("gen_ai.response.model");
  public static final AttributeKey<String> RESPONSE_ID = stringKey("gen_ai.response.id");
  public static final AttributeKey<Double> REQUEST_TEMPERATURE =
      doubleKey("gen_ai.request.temperature");
  public static final AttributeKey<Double> REQUEST_TOP_P = doubleKey("gen_ai.request.top_p");
  public static final AttributeKey<Double> REQUEST_TOP_K = doubleKey("gen_ai.request.top_k");
  public static final AttributeKey<Long> REQUEST_MAX_TOKENS = longKey("gen_ai.request.max_tokens");
  public static final AttributeKey<Double> REQUEST_FREQUENCY_PENALTY =
      doubleKey("gen_ai.request.frequency_penalty");
  public static final AttributeKey<Double> REQUEST_PRESENCE_PENALTY =
      doubleKey("gen_ai.request.presence_penalty");
  public static final AttributeKey<Long> REQUEST_SEED = longKey("gen_ai.request.seed");
  public static final AttributeKey<List<String>> REQUEST_STOP_SEQUENCES =
      stringArrayKey("gen_ai.request.stop_sequences");
  public static final AttributeKey<Long> REQUEST_CHOICE_COUNT =
      longKey("gen_ai.request.choice.count");
  public static final AttributeKey<Boolean> REQUEST_STREAM = booleanKey("gen_ai.request.stream");
  public static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
      stringArrayKey("gen_ai.response.finish_reasons");
  /** Seconds from the start of the call to the first streamed chunk. */
  public static final AttributeKey<Double> RESPONSE_TIME_TO_FIRST_CHUNK =
      doubleKey("gen_ai.response.time_to_first_chunk");

  public static final AttributeKey<Long> USAGE_INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");
  public static final AttributeKey<Long> USAGE_OUTPUT_TOKENS =
      longKey("gen_ai.usage.output_tokens");
  public static final AttributeKey<Long> USAGE_CACHE_READ_INPUT_TOKENS =
      longKey("gen_ai.usage.cache_read.input_tokens");
  public static final AttributeKey<Long> USAGE_CACHE_CREATION_INPUT_TOKENS =
      longKey("gen_ai.usage.cache_creation.input_tokens");
  public static final AttributeKey<Long> USAGE_REASONING_OUTPUT_TOKENS =
      longKey("gen_ai.usage.reasoning.output_tokens");

  public static final AttributeKey<String> CONVERSATION_ID = stringKey("gen_ai.conversation.id");
  public static final AttributeKey<String> AGENT_NAME = stringKey("gen_ai.agent.name");
  public static final AttributeKey<String> TOOL_NAME = stringKey("gen_ai.tool.name");
  public static final AttributeKey<String> TOOL_CALL_ID = stringKey("gen_ai.tool.call.id");
  public static final AttributeKey<String> TOOL_TYPE = stringKey("gen_ai.tool.type");
  public static final AttributeKey<String> AGENT_ID = stringKey("gen_ai.agent.id");
  public static final AttributeKey<String> AGENT_DESCRIPTION = stringKey("gen_ai.agent.description");
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
  /**
   * JSON array of the documents a retrieval returned, {@code [{"id":..,"score":..,"content":..}]}
   * (content capture only).
   */
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

  public static final AttributeKey<String> SERVER_ADDRESS = stringKey("server.address");
  public static final AttributeKey<Long> SERVER_PORT = longKey("server.port");
  public static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");
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

  /**
   * Prefix of framework-internal keys (tenant routing and the like). They never leave the process:
   * every exporter strips them before its mapper runs.
   */
  public static final String INTERNAL_PREFIX = "otelpresets.internal.";

  /** Well-known values of {@link #OPERATION_NAME}. */
  public static final class Operations {
    private Operations() {}

    public static final String CHAT = "chat";
    public static final String TEXT_COMPLETION = "text_completion";
    public static final String EMBEDDINGS = "embeddings";
    public static final String GENERATE_CONTENT = "generate_content";
    public static final String RETRIEVAL = "retrieval";
    public static final String EXECUTE_TOOL = "execute_tool";
    public static final String INVOKE_AGENT = "invoke_agent";
    public static final String CREATE_AGENT = "create_agent";
  }
}
