package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.presets.openinference.OpenInferenceMapper;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedSpan;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Arize, Phoenix and Weave share one OpenInference mapping of each span, over real OTLP to the
 * testkit's receivers: one mapping per call for the three, the same attributes (in order) as each
 * backend gets alone, and each backend's root-span carry its own — a backend whose content policy
 * removes content never receives, on its root span, content another backend's calls carried, and
 * a backend that sampled a trace out shares nothing of it.
 */
class OpenInferenceSharingTest {
  /** The receivers, named as the testkit's companion settings name the presets. */
  private static final List<String> OI = List.of("arize", "phoenix", "weave");

  private static final int CALLS = 20;

  private static PresetTestHarness start(List<String> backends, String presets) {
    PresetTestHarness.Builder b = PresetTestHarness.builder();
    backends.forEach(b::receiver);
    return b.yaml(
            "callbacks: ["
                + backends.stream()
                    .map(name -> name.equals("phoenix") ? "arize_phoenix" : name)
                    .collect(Collectors.joining(", "))
                + "]\nsettings:\n  shutdown_hook: false\n"
                + "  capture_message_content: span_only\n  schedule_delay_ms: 600000\n"
                + presets)
        .env(
            r -> {
              Map<String, String> env = new HashMap<>();
              r.forEach(
                  (name, receiver) ->
                      env.putAll(CompanionPresets.env(name, receiver).orElseThrow()));
              return env;
            })
        .start();
  }

  private static List<GenAiScenarios.Recorded> calls(PresetTestHarness h, List<String> backends) {
    List<GenAiScenarios.Recorded> calls = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      calls.add(h.scenarios().plainChat()); // a server span (the root) and an LLM span
    }
    for (String b : backends) {
      assertEquals(2 * CALLS, h.flushAndAwait(b, 2 * CALLS).size(), b);
    }
    return calls;
  }

  /** Attribute names and values in the order they were sent. */
  private static List<KeyValue> sent(ReceivedSpan s) {
    return s.proto().getAttributesList();
  }

  private static Set<String> names(List<KeyValue> attributes) {
    return attributes.stream().map(KeyValue::getKey).collect(Collectors.toSet());
  }

  @Test
  void oneMappingPerCallForThreeBackendsAndWhatEachGetsAlone() {
    List<List<KeyValue>> alone = new ArrayList<>(); // per backend: its LLM and root span
    for (String backend : OI) {
      try (PresetTestHarness h = start(List.of(backend), "")) {
        GenAiScenarios.Recorded call = calls(h, List.of(backend)).get(0);
        alone.add(sent(h.span(backend, call.llmSpanId())));
        alone.add(sent(h.span(backend, call.serverSpanId())));
      }
    }
    try (PresetTestHarness h = start(OI, "")) {
      long before = OpenInferenceMapper.mappings();
      List<GenAiScenarios.Recorded> calls = calls(h, OI);
      // each LLM span mapped once for the three; each root, which receives its calls' values
      // from its own backend's state, once per backend
      assertEquals(CALLS * (1 + 3), OpenInferenceMapper.mappings() - before);
      for (GenAiScenarios.Recorded call : calls) {
        for (int i = 0; i < OI.size(); i++) {
          String b = OI.get(i);
          assertEquals(alone.get(2 * i), sent(h.span(b, call.llmSpanId())), b + " LLM span");
          assertEquals(alone.get(2 * i + 1), sent(h.span(b, call.serverSpanId())), b + " root");
        }
        ReceivedSpan root = h.span("arize", call.serverSpanId());
        assertTrue(root.stringAttribute("input.value").contains(GenAiScenarios.USER_PROMPT));
        assertEquals(
            h.span("arize", call.llmSpanId()).stringAttribute("output.value"),
            root.stringAttribute("output.value"));
        // Arize and Phoenix: the same OpenInference output; Weave: that plus its own keys
        List<KeyValue> arize = sent(h.span("arize", call.llmSpanId()));
        assertEquals(arize, sent(h.span("phoenix", call.llmSpanId())));
        List<KeyValue> weave = sent(h.span("weave", call.llmSpanId()));
        assertTrue(weave.containsAll(arize), "weave: the shared output and more");
        assertTrue(names(weave).contains("wandb.display_name"), names(weave).toString());
      }
    }
  }

  @Test
  void aBackendWithoutContentNeverReceivesAnotherBackendsCarriedContent() {
    try (PresetTestHarness h =
        start(OI, "presets:\n  arize_phoenix:\n    capture_message_content: no_content\n")) {
      List<GenAiScenarios.Recorded> calls = calls(h, OI);
      String atPhoenix =
          h.receiver("phoenix").requests().stream()
              .map(r -> r.bodyAsText())
              .collect(Collectors.joining());
      assertFalse(atPhoenix.contains(GenAiScenarios.USER_PROMPT), "phoenix: no content at all");
      assertFalse(atPhoenix.contains(GenAiScenarios.ANSWER));
      for (GenAiScenarios.Recorded call : calls) {
        ReceivedSpan phoenixRoot = h.span("phoenix", call.serverSpanId());
        assertNull(phoenixRoot.attribute("input.value"), phoenixRoot.toString());
        assertNull(phoenixRoot.attribute("output.value"), phoenixRoot.toString());
        assertNull(h.span("phoenix", call.llmSpanId()).attribute("input.value"));
        for (String b : List.of("arize", "weave")) {
          ReceivedSpan root = h.span(b, call.serverSpanId());
          assertTrue(
              root.stringAttribute("input.value").contains(GenAiScenarios.USER_PROMPT),
              b + " carries its calls' content to its root: " + root);
        }
      }
    }
  }

  @Test
  void aTraceSampledOutAtOneBackendCostsTheOthersNothing() {
    try (PresetTestHarness h = start(OI, "presets:\n  arize_phoenix:\n    sample_ratio: 0.5\n")) {
      List<GenAiScenarios.Recorded> calls = new ArrayList<>();
      long before = OpenInferenceMapper.mappings();
      for (int i = 0; i < 4 * CALLS; i++) {
        calls.add(h.scenarios().plainChat());
      }
      for (String b : List.of("arize", "weave")) {
        assertEquals(8 * CALLS, h.flushAndAwait(b, 8 * CALLS).size(), b);
      }
      List<ReceivedSpan> atPhoenix = h.receiver("phoenix").spans();
      int kept = atPhoenix.size() / 2;
      assertTrue(kept > 0 && kept < 4 * CALLS, "phoenix kept " + kept + " of " + 4 * CALLS);
      // one mapping per LLM span for all three; each backend's roots mapped by its own step
      assertEquals(4 * CALLS * (1 + 2) + kept, OpenInferenceMapper.mappings() - before);
      for (GenAiScenarios.Recorded call : calls) {
        List<ReceivedSpan> trace = h.trace("phoenix", call.traceId());
        assertTrue(trace.isEmpty() || trace.size() == 2, "whole traces or nothing: " + trace);
        ReceivedSpan arizeRoot = h.span("arize", call.serverSpanId());
        assertNotNull(arizeRoot.stringAttribute("input.value"));
        if (!trace.isEmpty()) {
          ReceivedSpan root = h.span("phoenix", call.serverSpanId());
          assertEquals(sent(arizeRoot), sent(root), "phoenix's root: as arize's");
        }
      }
    }
  }
}
