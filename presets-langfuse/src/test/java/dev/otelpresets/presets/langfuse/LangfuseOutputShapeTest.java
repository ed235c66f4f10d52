package dev.otelpresets.presets.langfuse;

import static dev.otelpresets.presets.langfuse.CanonicalSpans.chat;
import static dev.otelpresets.presets.langfuse.CanonicalSpans.llmSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.support.internal.Json;
import dev.otelpresets.testkit.Mapping;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The output's shape where the export-path work changed how it is built (keys appended without
 * look-up, cached metadata keys): names stay unique and metadata keys are right past the cache.
 */
class LangfuseOutputShapeTest {
  private final LangfuseAttributeMapper mapper = new LangfuseAttributeMapper("production");

  private static void assertUniqueNames(Attributes out) {
    Set<String> names = new HashSet<>();
    out.forEach((k, v) -> assertTrue(names.add(k.getKey()), () -> "sent twice: " + k.getKey()));
  }

  @Test
  void hostKeysNamedLikeLangfuseKeysAreNotSentTwice() {
    Attributes out =
        Mapping.map(
            mapper,
            llmSpan(
                chat()
                    .put("langfuse.observation.type", "host value")
                    .put(GenAiAttributes.USER_ID, "u1")
                    .put("session.id", "host session")
                    .put(GenAiAttributes.CONVERSATION_ID, "c1")
                    .build()),
            AttributeMapper.DEFAULT_ATTRIBUTE_LIMIT);
    assertUniqueNames(out);
    assertEquals("generation", out.get(AttributeKey.stringKey("langfuse.observation.type")));
    assertEquals("c1", out.get(AttributeKey.stringKey("session.id")));
    assertEquals("u1", out.get(AttributeKey.stringKey("user.id")));
    assertNull(out.get(AttributeKey.stringKey("langfuse.user.id")));
  }

  @Test
  void metadataKeysAreRightBeyondTheKeyCache() {
    Map<String, Object> metadata = new LinkedHashMap<>();
    int n = MetadataKeys.MAX_CACHED + 50;
    for (int i = 0; i < n; i++) {
      metadata.put("key" + i, i % 2 == 0 ? "v" + i : (Object) (long) i);
    }
    Attributes out =
        Mapping.map(
            mapper,
            llmSpan(chat().put(GenAiAttributes.METADATA, Json.write(metadata)).build()),
            10_000);
    assertUniqueNames(out);
    for (int i = 0; i < n; i++) {
      String name = LangfuseAttributeMapper.TRACE_METADATA_PREFIX + "key" + i;
      Object expected = i % 2 == 0 ? "v" + i : (Object) (long) i;
      Object actual =
          i % 2 == 0 ? out.get(AttributeKey.stringKey(name)) : out.get(AttributeKey.longKey(name));
      assertEquals(expected, actual, name);
    }
    assertTrue(MetadataKeys.cachedForTest() <= MetadataKeys.MAX_CACHED);
  }
}
