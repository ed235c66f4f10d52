package dev.otelpresets.presets.openinference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.support.internal.CanonicalKeys.Slot;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.internal.AttributesMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The OpenInference part of the one pass (its reads are {@code CanonicalValuesTest}'s): for random
 * attributes, hostile ones included (a read key under another type, names with a read key's hash),
 * the pass-through candidates are exactly the attributes no OpenInference key carries, in their
 * order.
 */
class CanonicalAttributesTest {

  @Test
  void thePassThroughCandidatesAreTheAttributesNoKeyCarries() {
    Random r = new Random(1202L);
    for (int i = 0; i < 500; i++) {
      for (Attributes in : List.of(randomBuilt(r), randomSdkMap(r))) {
        CanonicalAttributes a = CanonicalAttributes.read(in);
        assertEquals(expectedPassThrough(in), passedThrough(a, Set.of()), "case " + i);
      }
    }
  }

  @Test
  void aReadKeyUnderAnotherTypeIsNotReadButStillConsumed() {
    Attributes in =
        Attributes.builder()
            .put(AttributeKey.longKey(GenAiAttributes.REQUEST_MODEL.getKey()), 4L)
            .put(AttributeKey.stringKey(GenAiAttributes.USAGE_INPUT_TOKENS.getKey()), "12")
            .put(AttributeKey.stringArrayKey(GenAiAttributes.USER_ID.getKey()), List.of("u"))
            .build();
    CanonicalAttributes a = CanonicalAttributes.read(in);
    assertNull(a.get(CanonicalAttributes.REQUEST_MODEL));
    assertNull(a.get(CanonicalAttributes.USAGE_INPUT_TOKENS));
    assertNull(a.get(CanonicalAttributes.USER_ID));
    // not read, but user.id under another type is still not a key OpenInference carries
    assertEquals(
        List.of(GenAiAttributes.REQUEST_MODEL.getKey(), GenAiAttributes.USER_ID.getKey()),
        passedThrough(a, Set.of()));
  }

  @Test
  void aNameWithAReadKeysHashIsNotThatKey() {
    String name = GenAiAttributes.USER_ID.getKey(); // "user.id"
    String twin = collidingTwin(name);
    assertEquals(name.hashCode(), twin.hashCode());
    Attributes in = Attributes.builder().put(twin, "not the user").build();
    CanonicalAttributes a = CanonicalAttributes.read(in);
    assertNull(a.get(CanonicalAttributes.USER_ID));
    assertEquals(List.of(twin), passedThrough(a, Set.of()));
  }

  @Test
  void thePassThroughSkipsWhatItIsToldToAndWhatIsWrittenAndStopsWhenFull() {
    Attributes in =
        Attributes.builder()
            .put("a", "1")
            .put(GenAiAttributes.TOOL_CALL_ARGUMENTS, "{}")
            .put("b", "2")
            .put("c", "3")
            .put("d", "4")
            .build();
    CanonicalAttributes a = CanonicalAttributes.read(in);
    assertEquals(
        List.of("a", "c", "d"),
        passedThrough(a, Set.of(GenAiAttributes.TOOL_CALL_ARGUMENTS.getKey(), "b")));

    BoundedAttributes out = new BoundedAttributes(3);
    out.putString(AttributeKey.stringKey("c"), "mine");
    a.passThrough(out, Set.of());
    Attributes built = out.build();
    List<String> names = new ArrayList<>();
    built.forEach((k, v) -> names.add(k.getKey()));
    assertEquals(List.of("c", "a", "b"), names); // in order, "c" not replaced, then no room
    assertEquals("mine", built.get(AttributeKey.stringKey("c")));
  }

  /** Same length, same hash, another name: the last two chars shifted against each other. */
  private static String collidingTwin(String s) {
    int n = s.length();
    return s.substring(0, n - 2) + (char) (s.charAt(n - 2) + 1) + (char) (s.charAt(n - 1) - 31);
  }

  private static List<String> passedThrough(CanonicalAttributes a, Set<String> skip) {
    BoundedAttributes out = new BoundedAttributes(10_000);
    a.passThrough(out, skip);
    List<String> names = new ArrayList<>();
    out.build().forEach((k, v) -> names.add(k.getKey()));
    return names;
  }

  private static List<String> expectedPassThrough(Attributes in) {
    List<String> names = new ArrayList<>();
    in.forEach(
        (k, v) -> {
          if (!OpenInferenceMapping.consumed(k.getKey())) {
            names.add(k.getKey());
          }
        });
    return names;
  }

  private static Attributes randomBuilt(Random r) {
    AttributesBuilder b = Attributes.builder();
    fill(r, (k, v) -> putUnchecked(b, k, v));
    return b.build();
  }

  private static Attributes randomSdkMap(Random r) {
    AttributesMap m = AttributesMap.create(1000, Integer.MAX_VALUE);
    fill(r, m::put);
    return m;
  }

  private static void fill(Random r, java.util.function.BiConsumer<AttributeKey<?>, Object> put) {
    List<Slot<?>> slots = new ArrayList<>(CanonicalAttributes.slots());
    java.util.Collections.shuffle(slots, r);
    for (Slot<?> slot : slots) {
      String name = slot.key().getKey();
      switch (r.nextInt(6)) {
        case 0, 1 -> put.accept(slot.key(), valueOf(slot.key().getType(), r));
        case 2 -> {
          AttributeType other = AttributeType.values()[r.nextInt(AttributeType.values().length)];
          put.accept(keyOf(other, name), valueOf(other, r));
        }
        case 3 -> put.accept(AttributeKey.stringKey(collidingTwin(name)), "twin");
        default -> {} // absent
      }
      if (r.nextInt(4) == 0) {
        String other =
            List.of("gen_ai.usage.", "gen_ai.request.", "otelpresets.", "gen_ai.", "host.", "")
                    .get(r.nextInt(6))
                + "k"
                + r.nextInt(50);
        put.accept(AttributeKey.stringKey(other), "v" + r.nextInt(9));
      }
    }
  }

  private static AttributeKey<?> keyOf(AttributeType type, String name) {
    return switch (type) {
      case STRING -> AttributeKey.stringKey(name);
      case BOOLEAN -> AttributeKey.booleanKey(name);
      case LONG -> AttributeKey.longKey(name);
      case DOUBLE -> AttributeKey.doubleKey(name);
      case STRING_ARRAY -> AttributeKey.stringArrayKey(name);
      case BOOLEAN_ARRAY -> AttributeKey.booleanArrayKey(name);
      case LONG_ARRAY -> AttributeKey.longArrayKey(name);
      case DOUBLE_ARRAY -> AttributeKey.doubleArrayKey(name);
      default -> AttributeKey.stringKey(name);
    };
  }

  private static Object valueOf(AttributeType type, Random r) {
    return switch (type) {
      case BOOLEAN -> r.nextBoolean();
      case LONG -> (long) r.nextInt(1000);
      case DOUBLE -> r.nextDouble();
      case STRING_ARRAY -> List.of("s" + r.nextInt(9));
      case BOOLEAN_ARRAY -> List.of(r.nextBoolean());
      case LONG_ARRAY -> List.of((long) r.nextInt(9));
      case DOUBLE_ARRAY -> List.of(r.nextDouble());
      default -> "s" + r.nextInt(1000);
    };
  }

  @SuppressWarnings("unchecked")
  private static void putUnchecked(AttributesBuilder out, AttributeKey<?> key, Object value) {
    out.put((AttributeKey<Object>) key, value);
  }

  @Test
  void everyNameConsumedOneByOneIsASlot() {
    // the pass decides by the slot for these names, by the prefixes for all others
    Set<String> slots = new java.util.HashSet<>();
    CanonicalAttributes.slots().forEach(s -> slots.add(s.key().getKey()));
    assertTrue(slots.containsAll(OpenInferenceMapping.CONSUMED), slots.toString());
  }

  @Test
  void theCollidingTwinHelperCollides() {
    for (Slot<?> slot : CanonicalAttributes.slots()) {
      String name = slot.key().getKey();
      assertTrue(
          !collidingTwin(name).equals(name) && collidingTwin(name).hashCode() == name.hashCode());
    }
  }
}
