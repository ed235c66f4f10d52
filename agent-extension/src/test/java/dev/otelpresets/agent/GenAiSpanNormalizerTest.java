package dev.otelpresets.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.Test;

class GenAiSpanNormalizerTest {

  private static SpanData span(Attributes attributes) {
    return TestSpanData.builder()
        .setName("chat gpt-4o")
        .setKind(SpanKind.CLIENT)
        .setStartEpochNanos(1)
        .setEndEpochNanos(2)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setAttributes(attributes)
        .setTotalAttributeCount(attributes.size())
        .build();
  }

  @Test
  void legacyKeysGainTheirCurrentNames() {
    SpanData out =
        GenAiSpanNormalizer.normalize(
            span(
                Attributes.builder()
                    .put("gen_ai.system", "az.ai.inference")
                    .put("gen_ai.usage.prompt_tokens", 7L)
                    .put("gen_ai.usage.completion_tokens", 2L)
                    .put("gen_ai.openai.request.seed", 42L)
                    .build()));
    assertEquals("azure.ai.inference", out.getAttributes().get(GenAiAttributes.PROVIDER_NAME));
    assertEquals(7L, out.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS));
    assertEquals(2L, out.getAttributes().get(GenAiAttributes.USAGE_OUTPUT_TOKENS));
    assertEquals(42L, out.getAttributes().get(GenAiAttributes.REQUEST_SEED));
    assertEquals(
        "az.ai.inference",
        out.getAttributes().get(GenAiSpanNormalizer.SYSTEM),
        "the legacy key itself stays");
  }

  @Test
  void currentKeysAreNeverOverwrittenAndCurrentSpansPassThroughUntouched() {
    SpanData current =
        span(
            Attributes.builder()
                .put("gen_ai.system", "openai")
                .put("gen_ai.provider.name", "azure.ai.openai")
                .put("gen_ai.usage.input_tokens", 5L)
                .build());
    assertSame(current, GenAiSpanNormalizer.normalize(current));
    SpanData plain = span(Attributes.builder().put("http.request.method", "GET").build());
    assertSame(plain, GenAiSpanNormalizer.normalize(plain));
  }
}
