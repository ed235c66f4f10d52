package dev.otelpresets.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.bench.DeliveryCheck.Answered;
import dev.otelpresets.bench.DeliveryCheck.Report;
import dev.otelpresets.bench.DeliveryCheck.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeliveryCheckTest {
  static final String T1 = "0af7651916cd43dd8448eb211c80319c";
  static final String T2 = "1af7651916cd43dd8448eb211c80319c";
  static final String T3 = "2af7651916cd43dd8448eb211c80319c";
  static final List<Answered> ANSWERED =
      List.of(new Answered(T1, "00000000000000a1"), new Answered(T2, "00000000000000a2"));

  static List<Span> complete() {
    return new ArrayList<>(
        List.of(
            new Span(T1, "00000000000000b1", "00000000000000a1"),
            new Span(T1, "00000000000000a1", ""),
            new Span(T2, "00000000000000a2", ""),
            new Span(T2, "00000000000000b2", "00000000000000a2")));
  }

  static List<Report> check(List<Span> first, List<Span> second) {
    Map<String, List<Span>> got = new LinkedHashMap<>();
    got.put("first", first);
    got.put("second", second);
    return DeliveryCheck.check(ANSWERED, got);
  }

  @Test
  void parsesTraceResponseHeaders() {
    assertEquals(
        Optional.of(new Answered(T1, "00f067aa0ba902b7")),
        Answered.fromTraceResponse("00-" + T1.toUpperCase() + "-00f067aa0ba902b7-01"));
    assertEquals(Optional.empty(), Answered.fromTraceResponse(null));
    assertEquals(Optional.empty(), Answered.fromTraceResponse(""));
    assertEquals(Optional.empty(), Answered.fromTraceResponse("00-abc-00f067aa0ba902b7-01"));
  }

  @Test
  void everySpanOnceEverywhereIsComplete() {
    List<Report> reports = check(complete(), complete());
    assertTrue(reports.stream().allMatch(Report::complete), reports.toString());
    assertEquals(new Report("second", 4, 4, 0, 0, 0, 0, 0), reports.get(1));
  }

  @Test
  void aMissingLlmSpanIsFoundEvenWhenNoReceiverHasIt() {
    List<Span> first = complete();
    first.remove(3);
    List<Span> second = complete();
    second.remove(3);
    List<Report> reports = check(first, second);
    assertEquals(1, reports.get(0).missingLlmSpans());
    assertEquals(1, reports.get(1).missingLlmSpans());
    assertFalse(reports.get(1).complete());
  }

  @Test
  void findsMissingServerSpansDuplicatesStrangersAndDifferentLlmIds() {
    List<Span> second = complete();
    second.remove(1);
    second.add(new Span(T2, "00000000000000a2", ""));
    second.add(new Span(T3, "00000000000000c3", ""));
    second.add(new Span(T2, "00000000000000d2", "00000000000000a2"));
    second.set(0, new Span(T1, "00000000000000e1", "00000000000000a1"));

    Report r = check(complete(), second).get(1);

    assertEquals(1, r.missingServerSpans());
    assertEquals(1, r.duplicates());
    assertEquals(2, r.unexpectedSpans(), "a span of an unknown trace and a second LLM span");
    assertEquals(1, r.llmSpanIdsDifferent());
    assertEquals(0, r.missingLlmSpans());
    assertFalse(r.complete());
  }

  @Test
  void aTraceTheFirstReceiverLacksIsNotCountedAsADifferentIdElsewhere() {
    List<Span> first = complete();
    first.remove(3);
    Report r = check(first, complete()).get(1);
    assertEquals(0, r.llmSpanIdsDifferent());
    assertTrue(r.complete());
  }

  @Test
  void aPhaseCheckIgnoresTheOtherPhasesTraces() {
    List<Span> got = complete();
    got.remove(0);
    Map<String, List<Span>> byReceiver = Map.of("only", got);
    Report window = DeliveryCheck.check(List.of(ANSWERED.get(1)), byReceiver, Set.of(T1)).get(0);
    assertEquals(new Report("only", 2, 2, 0, 0, 0, 0, 0), window);
    Report all = DeliveryCheck.check(ANSWERED, byReceiver).get(0);
    assertEquals(1, all.missingLlmSpans());
    assertEquals(
        1,
        DeliveryCheck.check(List.of(ANSWERED.get(1)), byReceiver).get(0).unexpectedSpans(),
        "without ignoring, the other phase's span is unexpected");
  }

  @Test
  void aTallySumsWhatTheReceiversGotOfThePhase() {
    List<Span> second = complete();
    second.remove(3); // T2's LLM span
    second.remove(1); // T1's SERVER span
    second.add(new Span(T2, "00000000000000a2", "")); // a duplicate
    DeliveryCheck.Tally t = DeliveryCheck.tally(check(complete(), second), ANSWERED.size());
    assertEquals(new DeliveryCheck.Tally(2, 8, 6, 1, 0, true), t);
    assertEquals(2, t.lost());
    assertFalse(t.complete());
    assertEquals("lost 2 of 8 spans, got 1 duplicates", t.shortfall());

    DeliveryCheck.Tally all = DeliveryCheck.tally(check(complete(), complete()), 2);
    assertTrue(all.complete());
    assertEquals("", all.shortfall());
    assertFalse(all.withUndecodedExports().complete());
    assertEquals(
        "got exports it could not decode or refused", all.withUndecodedExports().shortfall());

    List<Span> stranger = complete();
    stranger.set(0, new Span(T1, "00000000000000e1", "00000000000000a1")); // another LLM span id
    DeliveryCheck.Tally differs = DeliveryCheck.tally(check(complete(), stranger), 2);
    assertEquals(8, differs.delivered(), "a different LLM span id is there, but not the same span");
    assertEquals(1, differs.unexpected());
    assertFalse(differs.complete());
  }

  @Test
  void rejectsTwoRequestsInOneTrace() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            DeliveryCheck.check(
                List.of(new Answered(T1, "00000000000000a1"), new Answered(T1, "00000000000000a2")),
                Map.of()));
  }

  @Test
  void settingsOptionBecomesYamlUnderSettings() {
    assertEquals(
        "  max_export_batch_size: 2048\n  max_queue_size: 8192\n",
        GatewayLoad.settingsYaml("max_export_batch_size=2048, max_queue_size = 8192"));
    assertEquals("", GatewayLoad.settingsYaml(""));
    assertThrows(IllegalArgumentException.class, () -> GatewayLoad.settingsYaml("nonsense"));
  }

  @Test
  void readsThreadCpuFromProcStat() {
    String stat = "4242 (GC Thread#1) S 1 1 1 0 -1 4194368 5 0 0 0 120 30 0 0 20 0 40 0";
    assertEquals(Optional.of(Map.entry("GC Thread#1", 150L)), GatewayLoad.parseStat(stat));
    assertEquals(
        Optional.of(Map.entry("a (b) c", 3L)),
        GatewayLoad.parseStat("7 (a (b) c) R 1 1 1 0 -1 0 0 0 0 0 1 2 0"));
    assertEquals(Optional.empty(), GatewayLoad.parseStat("garbage"));
    assertEquals("GC Thread", GatewayLoad.threadGroup("GC Thread#1"));
    assertEquals("otel-presets-ga", GatewayLoad.threadGroup("otel-presets-ga"));
    assertEquals("BatchSpanProces", GatewayLoad.threadGroup("BatchSpanProces"));
    assertEquals("okhttp-dispatch", GatewayLoad.threadGroup("okhttp-dispatch"));
    assertEquals("C2 CompilerThre", GatewayLoad.threadGroup("C2 CompilerThre"));
    assertEquals("G1 Conc", GatewayLoad.threadGroup("G1 Conc#0"));
    assertEquals(
        Map.of("GC Thread", 1.5, "main", 0.1),
        GatewayLoad.threadCpuSeconds(
            Map.of("1 GC Thread#0", 100L, "2 GC Thread#1", 0L, "3 main", 5L),
            Map.of("1 GC Thread#0", 150L, "2 GC Thread#1", 100L, "3 main", 15L, "4 gone", 0L)));
    // OkHttp renames a dispatcher thread while it runs a call: only the window's ticks count
    assertEquals(
        Map.of("OkHttp http://127.0.0.1:4318/v1/traces", 0.2),
        GatewayLoad.threadCpuSeconds(
            Map.of("9 OkHttp Dispatcher", 1_000L),
            Map.of("9 OkHttp http://127.0.0.1:4318/v1/traces", 1_020L)));
  }

  @Test
  void repeatedRoundsPrintEachRatioAndItsMedian() {
    Map<String, List<Double>> rounds = new LinkedHashMap<>();
    rounds.put("all7/plain7", List.of(1.10, 0.96, 1.03, 1.07));
    rounds.put("all7/off", List.of(1.62, 1.46, 1.50));
    String text = GatewayLoad.medians(rounds);
    assertTrue(
        text.contains(
            "serve CPU per request all7/plain7: median 1.05 over 4 rounds (1.10, 0.96, 1.03, 1.07)"),
        text);
    assertTrue(
        text.contains(
            "serve CPU per request all7/off: median 1.50 over 3 rounds (1.62, 1.46, 1.50)"),
        text);
  }
}
