package dev.otelpresets.presets.openinference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LlmVendorsTest {

  @ParameterizedTest(name = "{0} {1} -> system {2}, provider {3}")
  @CsvSource(
      nullValues = "null",
      value = {
        "openai, gpt-4o, openai, openai",
        "anthropic, claude-3-5-sonnet, anthropic, anthropic",
        "aws.bedrock, anthropic.claude-3-haiku-20240307-v1:0, anthropic, aws",
        "aws.bedrock, us.anthropic.claude-sonnet-4, anthropic, aws",
        "aws.bedrock, amazon.nova-pro-v1:0, amazon, aws",
        "aws.bedrock, meta.llama3-70b-instruct-v1:0, meta, aws",
        "aws.bedrock, some-private-model, amazon, aws",
        "azure.ai.openai, gpt-4o, openai, azure",
        "azure.ai.inference, Mistral-large-2407, mistralai, azure",
        "gcp.vertex_ai, gemini-1.5-pro, vertexai, google",
        "gcp.vertex_ai, claude-3-5-sonnet@20240620, anthropic, google",
        "gcp.vertex_ai, custom-endpoint, vertexai, google",
        "gcp.gemini, gemini-2.0-flash, vertexai, google",
        "gcp.gen_ai, gemini-2.0-flash, vertexai, google",
        "cohere, command-r-plus, cohere, cohere",
        "mistral_ai, mistral-large-latest, mistralai, mistralai",
        "groq, llama-3.1-70b-versatile, meta, groq",
        "groq, unknown-model, groq, groq",
        "deepseek, deepseek-chat, deepseek, deepseek",
        "perplexity, sonar, perplexity, perplexity",
        "x_ai, grok-2, xai, xai",
        "ibm.watsonx.ai, ibm/granite-13b, ibm, ibm",
        "Acme-Cloud, acme-1, acme-cloud, acme-cloud",
        "null, gpt-4o-mini, openai, null",
        "null, null, null, null",
      })
  void resolvesOpenInferenceValueSets(String genAi, String model, String system, String provider) {
    LlmVendors.Vendor v = LlmVendors.resolve(genAi, model);
    assertEquals(system, v.system(), "llm.system");
    assertEquals(provider, v.provider(), "llm.provider");
  }
}
