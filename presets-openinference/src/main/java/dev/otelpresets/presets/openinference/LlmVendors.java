package dev.otelpresets.presets.openinference;

import java.util.Locale;
import java.util.Map;

/**
 * Translates the canonical {@code gen_ai.provider.name} (plus the model name) into OpenInference's
 * own value sets, which differ from the GenAI conventions':
 *
 * <ul>
 *   <li>{@code llm.provider} — who hosts the model. Well-known values: anthropic, openai, cohere,
 *       mistralai, azure, google, aws, xai, deepseek, groq, fireworks, moonshot, cerebras,
 *       perplexity, together, ollama, meta, zai, minimax.
 *   <li>{@code llm.system} — the AI product (model family). Well-known values: anthropic, openai,
 *       vertexai, cohere, mistralai, xai, deepseek, amazon, meta, ai21.
 * </ul>
 *
 * <p>For hosts that serve several families (AWS Bedrock, Azure AI Inference, Vertex AI, Groq, ...)
 * the system comes from the model name, as OpenInference's own Bedrock instrumentation does
 * ({@code anthropic.claude-*} on Bedrock is system {@code anthropic}, provider {@code aws}). An
 * unknown provider is passed through lower-cased (the spec allows custom values).
 */
public final class LlmVendors {
  private LlmVendors() {}

  /** The pair written for one span; either part may be null when nothing is known. */
  public record Vendor(String system, String provider) {}

  /** gen_ai.provider.name -> llm.provider. */
  private static final Map<String, String> PROVIDERS =
      Map.ofEntries(
          Map.entry("openai", "openai"),
          Map.entry("anthropic", "anthropic"),
          Map.entry("aws.bedrock", "aws"),
          Map.entry("azure.ai.openai", "azure"),
          Map.entry("azure.ai.inference", "azure"),
          Map.entry("gcp.vertex_ai", "google"),
          Map.entry("gcp.gemini", "google"),
          Map.entry("gcp.gen_ai", "google"),
          Map.entry("cohere", "cohere"),
          Map.entry("mistral_ai", "mistralai"),
          Map.entry("groq", "groq"),
          Map.entry("deepseek", "deepseek"),
          Map.entry("perplexity", "perplexity"),
          Map.entry("x_ai", "xai"),
          Map.entry("ibm.watsonx.ai", "ibm"),
          // common non-semconv spellings hosts use
          Map.entry("together_ai", "together"),
          Map.entry("fireworks_ai", "fireworks"),
          Map.entry("azure", "azure"),
          Map.entry("bedrock", "aws"),
          Map.entry("vertex_ai", "google"),
          Map.entry("gemini", "google"),
          Map.entry("mistral", "mistralai"),
          Map.entry("xai", "xai"));

  /**
   * gen_ai.provider.name -> llm.system when the provider pins the family. Absent for multi-family
   * hosts, whose system comes from the model.
   */
  private static final Map<String, String> FIXED_SYSTEMS =
      Map.ofEntries(
          Map.entry("openai", "openai"),
          Map.entry("azure.ai.openai", "openai"),
          Map.entry("anthropic", "anthropic"),
          Map.entry("gcp.gemini", "vertexai"),
          Map.entry("gcp.gen_ai", "vertexai"),
          Map.entry("gemini", "vertexai"),
          Map.entry("cohere", "cohere"),
          Map.entry("mistral_ai", "mistralai"),
          Map.entry("mistral", "mistralai"),
          Map.entry("deepseek", "deepseek"),
          Map.entry("x_ai", "xai"),
          Map.entry("xai", "xai"));

  /** Fallback llm.system for multi-family hosts when the model says nothing. */
  private static final Map<String, String> HOST_DEFAULT_SYSTEMS =
      Map.of(
          "aws.bedrock",
          "amazon",
          "bedrock",
          "amazon",
          "gcp.vertex_ai",
          "vertexai",
          "vertex_ai",
          "vertexai");

  /**
   * Resolves the OpenInference system and provider.
   *
   * @param genAiProvider {@code gen_ai.provider.name}, may be null
   * @param model the response or request model, may be null
   */
  public static Vendor resolve(String genAiProvider, String model) {
    String p = genAiProvider == null ? null : genAiProvider.trim().toLowerCase(Locale.ROOT);
    if (p != null && p.isEmpty()) {
      p = null;
    }
    String provider = p == null ? null : PROVIDERS.getOrDefault(p, p);
    String system = p == null ? null : FIXED_SYSTEMS.get(p);
    if (system == null) {
      system = systemFromModel(model);
    }
    if (system == null && p != null) {
      system = HOST_DEFAULT_SYSTEMS.getOrDefault(p, provider);
    }
    return new Vendor(system, provider);
  }

  /** The model family as an llm.system value, or null when the name says nothing. */
  static String systemFromModel(String model) {
    if (model == null) {
      return null;
    }
    String m = model.toLowerCase(Locale.ROOT);
    if (m.contains("claude") || m.contains("anthropic.")) {
      return "anthropic";
    }
    if (m.startsWith("gpt")
        || m.contains("openai")
        || m.matches("^o\\d.*")
        || m.startsWith("chatgpt")
        || m.startsWith("text-embedding")
        || m.contains("davinci")) {
      return "openai";
    }
    if (m.contains("gemini")) {
      return "vertexai";
    }
    if (m.contains("mistral")
        || m.contains("mixtral")
        || m.contains("codestral")
        || m.contains("pixtral")
        || m.contains("ministral")) {
      return "mistralai";
    }
    if (m.startsWith("command") || m.contains("cohere.")) {
      return "cohere";
    }
    if (m.contains("llama") || m.contains("meta.")) {
      return "meta";
    }
    if (m.contains("grok")) {
      return "xai";
    }
    if (m.contains("deepseek")) {
      return "deepseek";
    }
    if (m.contains("amazon.") || m.contains("titan") || m.contains("nova")) {
      return "amazon";
    }
    if (m.contains("jamba") || m.contains("ai21")) {
      return "ai21";
    }
    return null;
  }
}
