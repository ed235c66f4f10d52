package dev.otelpresets.langchain4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.ModelProvider;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProvidersTest {

  /** A LangChain4j upgrade that adds a provider fails here until the provider is mapped. */
  @Test
  void everyProviderOfLangChain4jIsMappedAndNothingElse() {
    Set<String> enumNames =
        Arrays.stream(ModelProvider.values())
            .map(Enum::name)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> unmapped = new TreeSet<>(enumNames);
    unmapped.removeAll(Providers.BY_ENUM_NAME.keySet());
    unmapped.remove(Providers.UNKNOWN);
    assertTrue(unmapped.isEmpty(), "map these ModelProvider values in Providers: " + unmapped);
    Set<String> stale = new TreeSet<>(Providers.BY_ENUM_NAME.keySet());
    stale.removeAll(enumNames);
    assertTrue(stale.isEmpty(), "no such ModelProvider values: " + stale);
    assertTrue(enumNames.contains(Providers.UNKNOWN));
    assertNull(Providers.name(ModelProvider.OTHER), "no made-up provider");
    for (ModelProvider p : ModelProvider.values()) {
      if (p == ModelProvider.OTHER) {
        continue;
      }
      String name = Providers.name(p);
      assertTrue(name != null && !name.isBlank() && name.equals(name.trim()), p + " -> " + name);
    }
  }

  @Test
  void wellKnownValuesOfTheSemanticConventions() {
    assertEquals("openai", Providers.name(ModelProvider.OPEN_AI));
    assertEquals("anthropic", Providers.name(ModelProvider.ANTHROPIC));
    assertEquals("gcp.gemini", Providers.name(ModelProvider.GOOGLE_AI_GEMINI));
    assertEquals("gcp.vertex_ai", Providers.name(ModelProvider.GOOGLE_VERTEX_AI_GEMINI));
    assertEquals("gcp.gen_ai", Providers.name(ModelProvider.GOOGLE_GENAI));
    assertEquals("azure.ai.openai", Providers.name(ModelProvider.AZURE_OPEN_AI));
    assertEquals("aws.bedrock", Providers.name(ModelProvider.AMAZON_BEDROCK));
    assertEquals("mistral_ai", Providers.name(ModelProvider.MISTRAL_AI));
    assertEquals("ibm.watsonx.ai", Providers.name(ModelProvider.WATSONX));
    assertEquals("cohere", Providers.name(ModelProvider.COHERE));
    assertNull(Providers.name(null));
  }
}
