package dev.otelpresets.presets.agentops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass read gives, key by key, exactly what {@code Attributes.get} gives. */
class UsageValuesTest {

  private static void assertSameAsGet(Attributes in) {
    UsageValues v = UsageValues.of(in);
    for (int i = 0; i < UsageValues.KEYS.size(); i++) {
      AttributeKey<?> key = UsageValues.KEYS.get(i);
      Object read =
          switch (key.getType()) {
            case STRING -> v.string(i);
            case LONG -> v.longValue(i);
            case DOUBLE -> v.doubleValue(i);
            case STRING_ARRAY -> v.tags();
            default -> throw new AssertionError("a key type the reader does not read: " + key);
          };
      assertEquals(in.get(key), read, key + " in " + in);
    }
  }

  @Test
  void nothingReadFromEmptyOrForeignAttributes() {
    assertSameAsGet(Attributes.empty());
    assertSameAsGet(Attributes.of(AttributeKey.stringKey("other"), "x"));
  }

  @Test
  void sameNameOfAnotherTypeIsNotTheValue() {
    // a host's own attribute under a canonical name but of another type: get ignores it
    Attributes in =
        Attributes.builder()
            .put(AttributeKey.stringKey("gen_ai.usage.input_tokens"), "12")
            .put(AttributeKey.longKey("gen_ai.operation.name"), 7L)
            .put(AttributeKey.doubleKey("gen_ai.usage.output_tokens"), 3.0)
            .put(AttributeKey.stringKey("otelpresets.tags"), "a,b")
            .put(AttributeKey.longKey("otelpresets.cost.total_usd"), 1L)
            .build();
    assertSameAsGet(in);
    assertNull(UsageValues.of(in).longValue(UsageValues.INPUT_TOKENS));
  }

  @Test
  void randomAttributesMatchGet() {
    Random r = new Random(42);
    for (int n = 0; n < 3000; n++) {
      AttributesBuilder b = Attributes.builder();
      int size = r.nextInt(30);
      for (int i = 0; i < size; i++) {
        AttributeKey<?> k = UsageValues.KEYS.get(r.nextInt(UsageValues.KEYS.size()));
        String name = r.nextInt(8) == 0 ? "x." + r.nextInt(5) : k.getKey();
        switch (r.nextInt(5)) {
          case 0 -> b.put(AttributeKey.stringKey(name), r.nextBoolean() ? "" : "v" + r.nextInt());
          case 1 -> b.put(AttributeKey.longKey(name), r.nextLong() % 100);
          case 2 -> b.put(AttributeKey.doubleKey(name), r.nextGaussian());
          case 3 ->
              b.put(AttributeKey.stringArrayKey(name), r.nextBoolean() ? List.of() : List.of("t"));
          default -> b.put(AttributeKey.booleanKey(name), r.nextBoolean());
        }
      }
      assertSameAsGet(b.build());
    }
  }
}
