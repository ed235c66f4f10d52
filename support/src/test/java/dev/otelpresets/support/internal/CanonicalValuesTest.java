package dev.otelpresets.support.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.support.internal.CanonicalKeys.Slot;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.internal.AttributesMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The one pass against the look-ups it replaces: for thousands of random attribute sets, hostile
 * ones included (a key under another type, names with a key's hash, unrelated keys, empty), every
 * slot gives what {@code Attributes.get} gives.
 */
class CanonicalValuesTest {

  private static final CanonicalKeys.Builder B = CanonicalKeys.builder();
  private static final Slot<String> OPERATION =
      B.add(AttributeKey.stringKey("gen_ai.operation.name"));
  private static final Slot<Long> INPUT = B.add(AttributeKey.longKey("gen_ai.usage.input_tokens"));
  private static final Slot<Double> COST =
      B.add(AttributeKey.doubleKey("otelpresets.cost.total_usd"));
  private static final Slot<Boolean> STREAM =
      B.add(AttributeKey.booleanKey("gen_ai.request.stream"));
  private static final Slot<List<String>> TAGS =
      B.add(AttributeKey.stringArrayKey("otelpresets.tags"));
  // one name under two types: each slot holds its own type's value
  private static final Slot<String> SEED_STRING = B.add(AttributeKey.stringKey("seed"));
  private static final Slot<Long> SEED_LONG = B.add(AttributeKey.longKey("seed"));
  // names with equal String.hashCode
  private static final Slot<String> AA = B.add(AttributeKey.stringKey("Aa"));
  private static final Slot<String> BB = B.add(AttributeKey.stringKey("BB"));
  private static final CanonicalKeys KEYS = B.build();

  @Test
  void everySlotReadsWhatALookUpReads() {
    Random r = new Random(1203L);
    for (int i = 0; i < 3000; i++) {
      List<Attributes> cases = List.of(randomBuilt(r), randomSdkMap(r));
      for (Attributes in : cases) {
        assertSameAsGet(KEYS, in, "case " + i);
      }
    }
  }

  @Test
  void emptyAndForeignAttributesGiveNothing() {
    assertSameAsGet(KEYS, Attributes.empty(), "empty");
    CanonicalValues v = CanonicalValues.read(KEYS, Attributes.of(AttributeKey.stringKey("x"), "1"));
    for (Slot<?> s : KEYS.slots()) {
      assertNull(v.get(s));
      assertFalse(v.has(s));
    }
  }

  @Test
  void aKeyUnderAnotherTypeIsNotRead() {
    Attributes in =
        Attributes.builder()
            .put(AttributeKey.longKey("gen_ai.operation.name"), 7L)
            .put(AttributeKey.stringKey("gen_ai.usage.input_tokens"), "12")
            .put(AttributeKey.stringKey("otelpresets.tags"), "a,b")
            .build();
    CanonicalValues v = CanonicalValues.read(KEYS, in);
    assertNull(v.get(OPERATION));
    assertNull(v.get(INPUT));
    assertNull(v.get(TAGS));
  }

  @Test
  void oneNameUnderTwoTypesReadsEachTypesValue() {
    // the SDK's attributes keep one per name (see below); the pass does not rely on it
    CanonicalValues v = new CanonicalValues(KEYS) {};
    v.accept(AttributeKey.longKey("seed"), 4L);
    v.accept(AttributeKey.stringKey("seed"), "four");
    v.accept(AttributeKey.booleanKey("seed"), true);
    assertEquals("four", v.get(SEED_STRING));
    assertEquals(4L, v.get(SEED_LONG));
  }

  @Test
  void namesWithEqualHashesAreTwoKeys() {
    assertEquals("Aa".hashCode(), "BB".hashCode());
    CanonicalValues v =
        CanonicalValues.read(KEYS, Attributes.of(AttributeKey.stringKey("BB"), "b"));
    assertNull(v.get(AA));
    assertEquals("b", v.get(BB));
    CanonicalValues w =
        CanonicalValues.read(KEYS, Attributes.of(AttributeKey.stringKey("C#"), "c")); // also ==
    assertEquals("Aa".hashCode(), "C#".hashCode());
    assertNull(w.get(AA));
    assertNull(w.get(BB));
  }

  @Test
  void anEmptyTableReadsNothingAndSeesEveryAttribute() {
    CanonicalKeys empty = CanonicalKeys.builder().build();
    assertEquals(0, empty.size());
    List<Slot<?>> seen = new ArrayList<>();
    CanonicalValues v =
        new CanonicalValues(empty) {
          @Override
          protected void onAttribute(AttributeKey<?> key, Object value, Slot<?> slot) {
            seen.add(slot);
          }
        };
    Attributes.builder().put("a", "1").put("b", 2L).build().forEach(v);
    assertEquals(Collections.nCopies(2, null), seen);
  }

  @Test
  void theFirstValueOfAKeySeenTwiceIsKept() {
    // no SDK attributes have it (see below), a hand-made Attributes might: a scanning get finds
    // the first
    CanonicalValues v = new CanonicalValues(KEYS) {};
    v.accept(OPERATION.key(), "first");
    v.accept(OPERATION.key(), "second");
    assertEquals("first", v.get(OPERATION));
  }

  @Test
  void theSdksAttributesKeepOneAttributePerNameTheLastPut() {
    // what the first-or-last choice rests on: the SDK's attributes never repeat a name
    Attributes built =
        Attributes.builder()
            .put(AttributeKey.stringKey("seed"), "s1")
            .put(AttributeKey.longKey("seed"), 2L)
            .put(AttributeKey.stringKey("seed"), "s3")
            .build();
    assertEquals(1, built.size());
    assertEquals("s3", built.get(AttributeKey.stringKey("seed")));
    assertSameAsGet(KEYS, built, "built");
    AttributesMap map = AttributesMap.create(10, Integer.MAX_VALUE); // a span's, before it ends
    map.put(AttributeKey.longKey("seed"), 4L);
    map.put(AttributeKey.stringKey("seed"), "four");
    assertEquals(1, map.size());
    assertNull(map.get(AttributeKey.longKey("seed")));
    assertSameAsGet(KEYS, map, "map");
  }

  @Test
  void theHookSeesEveryAttributeInOrderWithTheSlotOfItsName() {
    List<String> seen = new ArrayList<>();
    CanonicalValues v =
        new CanonicalValues(KEYS) {
          @Override
          protected void onAttribute(AttributeKey<?> key, Object value, Slot<?> slot) {
            seen.add(key.getKey() + "=" + (slot == null ? null : slot.key().getType()));
          }
        };
    AttributesMap m = AttributesMap.create(10, Integer.MAX_VALUE);
    m.put(AttributeKey.longKey("gen_ai.operation.name"), 1L); // the name, another type
    m.put(AttributeKey.stringKey("BB"), "b");
    m.put(AttributeKey.stringKey("C#"), "c"); // BB's hash, not a name of the table
    m.put(AttributeKey.booleanKey("seed"), true); // two slots of the name, neither of its type
    List<String> expected = new ArrayList<>();
    m.forEach(
        (k, val) ->
            expected.add(
                k.getKey()
                    + "="
                    + switch (k.getKey()) {
                      case "gen_ai.operation.name" -> AttributeType.STRING;
                      case "BB" -> AttributeType.STRING;
                      case "seed" -> AttributeType.STRING; // the first added of the name
                      default -> null;
                    }));
    m.forEach(v);
    assertEquals(expected, seen);
    assertNull(v.get(OPERATION));
  }

  @Test
  void slotsAreTheTablesOwn() {
    CanonicalKeys.Builder b = CanonicalKeys.builder();
    Slot<String> op = b.add(AttributeKey.stringKey("gen_ai.operation.name"));
    assertSame(op, b.add(AttributeKey.stringKey("gen_ai.operation.name")));
    CanonicalKeys other = b.build();
    assertEquals(List.of(op), other.slots());
    assertThrows(IllegalStateException.class, () -> b.add(AttributeKey.stringKey("x")));
    CanonicalValues v = CanonicalValues.read(other, Attributes.empty());
    assertThrows(IllegalArgumentException.class, () -> v.get(OPERATION));
    assertTrue(KEYS.slots().contains(OPERATION));
  }

  private static void assertSameAsGet(CanonicalKeys keys, Attributes in, String label) {
    CanonicalValues v = CanonicalValues.read(keys, in);
    for (Slot<?> slot : keys.slots()) {
      assertEquals(in.get(slot.key()), v.get(slot), label + ": " + slot + " in " + in);
      assertEquals(in.get(slot.key()) != null, v.has(slot), label + ": " + slot);
    }
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

  /** A random subset of the table's names, of their own type or another, and unrelated keys. */
  private static void fill(Random r, BiConsumer<AttributeKey<?>, Object> put) {
    if (r.nextInt(20) == 0) {
      return; // empty
    }
    List<Slot<?>> slots = new ArrayList<>(KEYS.slots());
    Collections.shuffle(slots, r);
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
      if (r.nextInt(3) == 0) {
        AttributeType other = AttributeType.values()[r.nextInt(AttributeType.values().length)];
        put.accept(keyOf(other, "other." + r.nextInt(20)), valueOf(other, r));
      }
    }
  }

  /** Same length, same hash, another name: the last two chars shifted against each other. */
  private static String collidingTwin(String s) {
    int n = s.length();
    return s.substring(0, n - 2) + (char) (s.charAt(n - 2) + 1) + (char) (s.charAt(n - 1) - 31);
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
      case STRING_ARRAY -> r.nextBoolean() ? List.of() : List.of("s" + r.nextInt(9));
      case BOOLEAN_ARRAY -> List.of(r.nextBoolean());
      case LONG_ARRAY -> List.of((long) r.nextInt(9));
      case DOUBLE_ARRAY -> List.of(r.nextDouble());
      default -> r.nextBoolean() ? "" : "s" + r.nextInt(1000);
    };
  }

  @SuppressWarnings("unchecked")
  private static void putUnchecked(AttributesBuilder out, AttributeKey<?> key, Object value) {
    out.put((AttributeKey<Object>) key, value);
  }
}
