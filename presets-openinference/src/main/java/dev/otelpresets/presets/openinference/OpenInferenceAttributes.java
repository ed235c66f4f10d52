package dev.otelpresets.presets.openinference;

/**
 * The OpenInference attribute keys this module writes, as named in the OpenInference specification
 * ({@code Arize-ai/openinference}, {@code spec/semantic_conventions.md}). Flattened list keys are
 * built as {@code <prefix>.<index>.<suffix>}, e.g. {@code llm.input_messages.0.message.role}.
 */
public final class OpenInferenceAttributes {
  private OpenInferenceAttributes() {}

  public static final String SPAN_KIND = "openinference.span.kind";

  public static final String INPUT_VALUE = "input.value";
  public static final String INPUT_MIME_TYPE = "input.mime_type";
  public static final String OUTPUT_VALUE = "output.value";
  public static final String OUTPUT_MIME_TYPE = "output.mime_type";
  public static final String MIME_JSON = "application/json";
  public static final String MIME_TEXT = "text/plain";

  public static final String LLM_MODEL_NAME = "llm.model_name";
  public static final String LLM_REQUEST_MODEL_NAME = "llm.request.model_name";
  public static final String LLM_RESPONSE_MODEL_NAME = "llm.response.model_name";
  public static final String LLM_SYSTEM = "llm.system";
  public static final String LLM_PROVIDER = "llm.provider";
  public static final String LLM_INVOCATION_PARAMETERS = "llm.invocation_parameters";
  public static final String LLM_FINISH_REASON = "llm.finish_reason";

  public static final String LLM_TOKEN_COUNT_PROMPT = "llm.token_count.prompt";
  public static final String LLM_TOKEN_COUNT_COMPLETION = "llm.token_count.completion";
  public static final String LLM_TOKEN_COUNT_TOTAL = "llm.token_count.total";
  public static final String LLM_TOKEN_COUNT_PROMPT_CACHE_READ =
      "llm.token_count.prompt_details.cache_read";
  public static final String LLM_TOKEN_COUNT_PROMPT_CACHE_WRITE =
      "llm.token_count.prompt_details.cache_write";
  public static final String LLM_TOKEN_COUNT_COMPLETION_REASONING =
      "llm.token_count.completion_details.reasoning";

  public static final String LLM_COST_PROMPT = "llm.cost.prompt";
  public static final String LLM_COST_COMPLETION = "llm.cost.completion";
  public static final String LLM_COST_TOTAL = "llm.cost.total";

  public static final String LLM_INPUT_MESSAGES = "llm.input_messages";
  public static final String LLM_OUTPUT_MESSAGES = "llm.output_messages";
  public static final String LLM_TOOLS = "llm.tools";

  /** Suffixes under {@code llm.{input,output}_messages.<i>.}. */
  public static final String MESSAGE_ROLE = "message.role";

  public static final String MESSAGE_CONTENT = "message.content";
  public static final String MESSAGE_TOOL_CALL_ID = "message.tool_call_id";

  /** On a tool-role message: the function that produced the result. */
  public static final String MESSAGE_NAME = "message.name";

  public static final String MESSAGE_TOOL_CALLS = "message.tool_calls";

  /** Suffixes under {@code ...message.tool_calls.<j>.}. */
  public static final String TOOL_CALL_ID = "tool_call.id";

  public static final String TOOL_CALL_FUNCTION_NAME = "tool_call.function.name";
  public static final String TOOL_CALL_FUNCTION_ARGUMENTS = "tool_call.function.arguments";

  /** Suffix under {@code llm.tools.<i>.}. */
  public static final String TOOL_JSON_SCHEMA = "tool.json_schema";

  public static final String EMBEDDING_MODEL_NAME = "embedding.model_name";
  public static final String EMBEDDING_INVOCATION_PARAMETERS = "embedding.invocation_parameters";

  /** List prefix of the embedded items: {@code embedding.embeddings.<i>.embedding.text}. */
  public static final String EMBEDDING_EMBEDDINGS = "embedding.embeddings";

  /** Suffix under {@code embedding.embeddings.<i>.}. */
  public static final String EMBEDDING_TEXT = "embedding.text";

  /** List prefix of a retriever's documents: {@code retrieval.documents.<i>.document.id}. */
  public static final String RETRIEVAL_DOCUMENTS = "retrieval.documents";

  /** Suffixes under {@code retrieval.documents.<i>.}. */
  public static final String DOCUMENT_ID = "document.id";

  public static final String DOCUMENT_SCORE = "document.score";
  public static final String DOCUMENT_CONTENT = "document.content";
  public static final String DOCUMENT_METADATA = "document.metadata";

  public static final String TOOL_NAME = "tool.name";
  public static final String TOOL_ID = "tool.id";
  public static final String TOOL_DESCRIPTION = "tool.description";
  public static final String AGENT_NAME = "agent.name";

  public static final String SESSION_ID = "session.id";
  public static final String USER_ID = "user.id";
  public static final String METADATA = "metadata";
  public static final String TAG_TAGS = "tag.tags";

  /** Resource attribute routing spans to a Phoenix / Arize project. */
  public static final String PROJECT_NAME = "openinference.project.name";

  /** Values of {@link #SPAN_KIND}. */
  public static final class SpanKinds {
    private SpanKinds() {}

    public static final String LLM = "LLM";
    public static final String EMBEDDING = "EMBEDDING";
    public static final String CHAIN = "CHAIN";
    public static final String RETRIEVER = "RETRIEVER";
    public static final String TOOL = "TOOL";
    public static final String AGENT = "AGENT";
  }
}
