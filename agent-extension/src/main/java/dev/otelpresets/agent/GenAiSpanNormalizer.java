package dev.otelpresets.agent;

import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;

/**
 * Brings GenAI spans written to older revisions of the OpenTelemetry GenAI semantic conventions
 * into the canonical shape the presets' mappers read: a stage of each owner's export chain, just
 * before its vocabulary mapping, on that preset's export thread — so the span itself and the
 * SDK's own exporter stay untouched.
 *
 * <p>The OpenTelemetry Java agent 2.33 (openai-java instrumentation, GenAI attributes extractor)
 * already writes {@code gen_ai.provider.name}; agents before the semconv 1.37 switch write {@code
 * gen_ai.system} instead, and the oldest conventions name token counts {@code
 * gen_ai.usage.prompt_tokens} / {@code completion_tokens}. A current key is never overwritten.
 */
public final class GenAiSpanNormalizer {
  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");
  static final AttributeKey<Long> PROMPT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.prompt_tokens");
  static final AttributeKey<Long> COMPLETION_TOKENS =
      AttributeKey.longKey("gen_ai.usage.completion_tokens");
  static final AttributeKey<Long> OPENAI_SEED = AttributeKey.longKey("gen_ai.openai.request.seed");

  /** {@code gen_ai.system} values whose {@code gen_ai.provider.name} is spelt differently. */
  private static final Map<String, String> PROVIDER_BY_SYSTEM =
      Map.of(
          "az.ai.inference", "azure.ai.inference",
          "az.ai.openai", "azure.ai.openai",
          "vertex_ai", "gcp.vertex_ai",
          "gemini", "gcp.gemini",
          "xai", "x_ai");

  private GenAiSpanNormalizer() {}

  /** The span with canonical GenAI keys added where only a legacy key is present. */
  public static SpanData normalize(SpanData span) {
    Attributes in = span.getAttributes();
    String system = in.get(SYSTEM);
    boolean provider = system != null && in.get(GenAiAttributes.PROVIDER_NAME) == null;
    boolean input =
        in.get(PROMPT_TOKENS) != null && in.get(GenAiAttributes.USAGE_INPUT_TOKENS) == null;
    boolean output =
        in.get(COMPLETION_TOKENS) != null && in.get(GenAiAttributes.USAGE_OUTPUT_TOKENS) == null;
    boolean seed = in.get(OPENAI_SEED) != null && in.get(GenAiAttributes.REQUEST_SEED) == null;
    if (!provider && !input && !output && !seed) {
      return span;
    }
    AttributesBuilder b = in.toBuilder();
    if (provider) {
      b.put(GenAiAttributes.PROVIDER_NAME, PROVIDER_BY_SYSTEM.getOrDefault(system, system));
    }
    if (input) {
      b.put(GenAiAttributes.USAGE_INPUT_TOKENS, in.get(PROMPT_TOKENS));
    }
    if (output) {
      b.put(GenAiAttributes.USAGE_OUTPUT_TOKENS, in.get(COMPLETION_TOKENS));
    }
    if (seed) {
      b.put(GenAiAttributes.REQUEST_SEED, in.get(OPENAI_SEED));
    }
    Attributes out = b.build();
    return new DelegatingSpanData(span) {
      @Override
      public Attributes getAttributes() {
        return out;
      }

      @Override
      public int getTotalAttributeCount() {
        return Math.max(span.getTotalAttributeCount(), out.size());
      }
    };
  }
}
