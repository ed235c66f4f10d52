package dev.otelpresets.presets.openinference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The kept last parameters never change the text: along a random sequence of parameters drawn
 * from a small pool (so the kept text is reused and replaced), each text is what writing the
 * parameters afresh gives, and the same as {@code Json.write} of the map of them.
 */
class InvocationParametersTest {

  @Test
  void theTextIsAlwaysTheTextOfTheseParameters() {
    Random r = new Random(42L);
    List<Attributes> pool = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      pool.add(random(r));
    }
    // equal as numbers, not as values: their texts differ
    pool.add(Attributes.of(GenAiAttributes.REQUEST_TEMPERATURE, 0.0));
    pool.add(Attributes.of(GenAiAttributes.REQUEST_TEMPERATURE, -0.0));
    pool.add(Attributes.of(GenAiAttributes.REQUEST_TEMPERATURE, Double.NaN));
    pool.add(Attributes.empty());
    InvocationParameters kept = new InvocationParameters();
    for (int i = 0; i < 2000; i++) {
      Attributes in = pool.get(r.nextInt(pool.size()));
      assertEquals(expected(in), kept.of(CanonicalAttributes.read(in)), "step " + i + ": " + in);
    }
  }

  private static Attributes random(Random r) {
    AttributesBuilder b = Attributes.builder();
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.REQUEST_MODEL, "m" + r.nextInt(3));
    }
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.REQUEST_TEMPERATURE, r.nextInt(3) / 2.0);
    }
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.REQUEST_TOP_P, 0.9);
    }
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.REQUEST_MAX_TOKENS, (long) r.nextInt(3));
    }
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.REQUEST_STOP_SEQUENCES, List.of("a", "b" + r.nextInt(2)));
    }
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.REQUEST_STREAM, r.nextBoolean());
    }
    if (r.nextBoolean()) {
      b.put(GenAiAttributes.REQUEST_SEED, 7L);
    }
    return b.build();
  }

  /** The map of the parameters written by the JSON codec: what the text must be. */
  private static String expected(Attributes in) {
    Map<String, Object> m = new LinkedHashMap<>();
    putIf(m, "model", in.get(GenAiAttributes.REQUEST_MODEL));
    putIf(m, "temperature", in.get(GenAiAttributes.REQUEST_TEMPERATURE));
    putIf(m, "top_p", in.get(GenAiAttributes.REQUEST_TOP_P));
    putIf(m, "top_k", in.get(GenAiAttributes.REQUEST_TOP_K));
    putIf(m, "max_tokens", in.get(GenAiAttributes.REQUEST_MAX_TOKENS));
    putIf(m, "frequency_penalty", in.get(GenAiAttributes.REQUEST_FREQUENCY_PENALTY));
    putIf(m, "presence_penalty", in.get(GenAiAttributes.REQUEST_PRESENCE_PENALTY));
    putIf(m, "seed", in.get(GenAiAttributes.REQUEST_SEED));
    putIf(m, "stop", in.get(GenAiAttributes.REQUEST_STOP_SEQUENCES));
    putIf(m, "n", in.get(GenAiAttributes.REQUEST_CHOICE_COUNT));
    putIf(m, "stream", in.get(GenAiAttributes.REQUEST_STREAM));
    return dev.otelpresets.support.internal.Json.write(m);
  }

  private static void putIf(Map<String, Object> m, String name, Object value) {
    if (value != null) {
      m.put(name, value);
    }
  }
}
