package dev.otelpresets.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedSpan;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Arize (OpenInference), Langfuse and a plain {@code otel} collector, each an embedded receiver. */
final class Backends {
  static final List<String> RECEIVERS = List.of("arize", "langfuse", "otel");

  private Backends() {}

  static PresetTestHarness start(String capture) {
    return PresetTestHarness.builder()
        .receiver("arize")
        .receiver("langfuse")
        .receiver("otel")
        .yaml(
            "callbacks: [arize, langfuse, otel]\nsettings:\n  shutdown_hook: false\n"
                + "  capture_message_content: "
                + capture
                + "\n")
        .env(Backends::env)
        .start();
  }

  private static Map<String, String> env(Map<String, OtlpReceiver> receivers) {
    Map<String, String> env = new HashMap<>();
    receivers.forEach((name, r) -> env.putAll(CompanionPresets.env(name, r).orElseThrow()));
    return env;
  }

  /** Every receiver's spans once {@code count} arrived, and no more after. */
  static Map<String, List<ReceivedSpan>> await(PresetTestHarness h, int count) {
    Map<String, List<ReceivedSpan>> out = new HashMap<>();
    for (String name : RECEIVERS) {
      List<ReceivedSpan> spans = h.flushAndAwait(name, count);
      h.receiver(name).assertNoMoreSpans(Duration.ofMillis(100));
      assertEquals(count, h.receiver(name).spans().size(), name + ": " + spans);
      out.put(name, h.receiver(name).spans());
    }
    return out;
  }

  /** The one span named {@code name}. */
  static ReceivedSpan named(List<ReceivedSpan> spans, String name) {
    List<ReceivedSpan> found = spans.stream().filter(s -> s.name().equals(name)).toList();
    assertEquals(1, found.size(), "spans named " + name + " in " + spans);
    return found.get(0);
  }

  /** The spans named {@code name}, in start order. */
  static List<ReceivedSpan> all(List<ReceivedSpan> spans, String name) {
    return spans.stream()
        .filter(s -> s.name().equals(name))
        .sorted(
            (a, b) ->
                Long.compare(a.proto().getStartTimeUnixNano(), b.proto().getStartTimeUnixNano()))
        .toList();
  }

  /** Whether any attribute of any span holds {@code text}. */
  static boolean anyAttributeContains(List<ReceivedSpan> spans, String text) {
    for (ReceivedSpan s : spans) {
      for (Object v : s.attributes().values()) {
        if (v != null && String.valueOf(v).contains(text)) {
          return true;
        }
      }
    }
    return false;
  }

  static void assertContains(String haystack, String needle, String what) {
    assertTrue(
        haystack != null && haystack.contains(needle),
        what + ": expected to contain <" + needle + "> but was <" + haystack + ">");
  }
}
