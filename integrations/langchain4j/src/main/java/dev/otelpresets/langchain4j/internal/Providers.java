package dev.otelpresets.langchain4j.internal;

import dev.langchain4j.model.ModelProvider;
import java.util.Locale;
import java.util.Map;

/**
 * LangChain4j's {@link ModelProvider} as {@code gen_ai.provider.name}: the semantic conventions'
 * well-known value where there is one, else a lower-case name of the provider.
 */
public final class Providers {
  /**
   * Every value of LangChain4j's enum but {@link #UNKNOWN}, by constant name (a name, not the constant, so that an
   * application on a newer LangChain4j with more values still runs). A test checks that every value
   * of the compiled-against version is here.
   */
  static final Map<String, String> BY_ENUM_NAME =
      Map.ofEntries(
          Map.entry("OPEN_AI", "openai"),
          Map.entry("AZURE_OPEN_AI", "azure.ai.openai"),
          Map.entry("ANTHROPIC", "anthropic"),
          Map.entry("AMAZON_BEDROCK", "aws.bedrock"),
          Map.entry("GOOGLE_AI_GEMINI", "gcp.gemini"),
          Map.entry("GOOGLE_GENAI", "gcp.gen_ai"),
          Map.entry("GOOGLE_VERTEX_AI_GEMINI", "gcp.vertex_ai"),
          // Claude served by Vertex AI: the conventions name the endpoint, not the model's maker
          Map.entry("GOOGLE_VERTEX_AI_ANTHROPIC", "gcp.vertex_ai"),
          // GitHub Models and Microsoft Foundry both serve the Azure AI Inference API
          Map.entry("GITHUB_MODELS", "azure.ai.inference"),
          Map.entry("MICROSOFT_FOUNDRY", "azure.ai.inference"),
          Map.entry("MISTRAL_AI", "mistral_ai"),
          Map.entry("COHERE", "cohere"),
          Map.entry("WATSONX", "ibm.watsonx.ai"),
          // no well-known value in the conventions: the provider's own name
          Map.entry("OLLAMA", "ollama"),
          Map.entry("VOYAGE_AI", "voyage_ai"),
          Map.entry("JINA", "jina"));

  /**
   * LangChain4j's "some other provider" (a custom model): no provider is recorded rather than a
   * made-up one; the backends then go by the model name.
   */
  static final String UNKNOWN = "OTHER";

  private Providers() {}

  /** The {@code gen_ai.provider.name} of {@code provider}; null for null and {@code OTHER}. */
  public static String name(ModelProvider provider) {
    if (provider == null || UNKNOWN.equals(provider.name())) {
      return null;
    }
    String known = BY_ENUM_NAME.get(provider.name());
    return known != null ? known : provider.name().toLowerCase(Locale.ROOT);
  }
}
