package dev.otelpresets.core.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.otelpresets.core.Environment;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever bytes the config holds, the loader either loads it or throws one {@link
 * ConfigException} with a bounded message — never another exception, never a hang.
 */
class ConfigLoaderFuzzTest {
  private static final String VALID =
      """
      callbacks: [otel, mem-alpha]
      settings:
        service_name: ${SERVICE:-gateway}
        capture_message_content: span_only
        max_queue_size: 2048
        max_export_batch_size: 512
        publish_global: false
      tenants:
        allowed_hosts: [langfuse.example.com]
        max_clients: 16
      presets:
        mem-required:
          api_key: "${KEY}"
          region: eu
      """;
  private static final String ALPHABET =
      " \t\n:-[]{}\"'#&*!|>%@`,${}\\abcxyz019_.\u00e9\u0000\uD800";

  @Test
  void mutatedConfigsLoadOrFailWithOneBoundedConfigException() {
    Random random = new Random(20261121L);
    ConfigLoader loader =
        ConfigLoader.create(Environment.of(Map.of("KEY", "k")), java.util.Set.of("models", "keys"));
    int failures = 0;
    for (int i = 0; i < 3000; i++) {
      String input = mutate(VALID, random, 1 + random.nextInt(6));
      try {
        loader.parse(input, "fuzz.yaml");
      } catch (ConfigException e) {
        failures++;
        assertTrue(e.getMessage().length() < 2000, "message too long: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("fuzz.yaml"), e.getMessage());
      } catch (RuntimeException | StackOverflowError e) {
        fail("input #" + i + " threw " + e + " for:\n" + input, e);
      }
    }
    assertTrue(failures > 100, "the mutations should break many configs: " + failures);
  }

  @Test
  void deeplyNestedAndHugeDocumentsFailCleanly() {
    ConfigLoader loader = ConfigLoader.create(Environment.of(Map.of()));
    String deep = "settings: " + "[".repeat(5000) + "]".repeat(5000);
    try {
      loader.parse(deep, "deep.yaml");
      fail("a list is not a settings mapping");
    } catch (ConfigException expected) {
      assertTrue(expected.getMessage().startsWith("deep.yaml"), expected.getMessage());
    }
    String wide = "callbacks: [" + "otel, ".repeat(50_000) + "otel]";
    assertTrue(loader.parse(wide, "wide.yaml").callbacks().size() == 50_001);
  }

  private static String mutate(String s, Random r, int edits) {
    StringBuilder b = new StringBuilder(s);
    for (int i = 0; i < edits; i++) {
      int pos = r.nextInt(b.length() + 1);
      char c = ALPHABET.charAt(r.nextInt(ALPHABET.length()));
      switch (r.nextInt(3)) {
        case 0 -> b.insert(pos, c);
        case 1 -> {
          if (pos < b.length()) {
            b.deleteCharAt(pos);
          }
        }
        default -> {
          if (pos < b.length()) {
            b.setCharAt(pos, c);
          }
        }
      }
    }
    return b.toString();
  }
}
