package dev.otelpresets.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The load test's nothing-lost check, independent of what the receivers agree on: the expected
 * spans come from the client side. Every answered chat request names its trace and its SERVER
 * span in the W3C {@code traceresponse} header; with the mock model the gateway makes exactly two
 * spans per request, that SERVER span and the LLM span under it. So every receiver must hold, for
 * every answered request, exactly that SERVER span id, exactly one span whose parent is it, no
 * other span of that trace, no span of any other trace, and nothing twice; and every receiver must
 * hold the same LLM span id for a trace (one span per operation, whatever the backends).
 */
final class DeliveryCheck {

  private DeliveryCheck() {}

  /** A span as a receiver got it: ids in lower-case hex, parent empty for a root. */
  record Span(String traceId, String spanId, String parentSpanId) {}

  /** One answered request: its trace and SERVER span, from its {@code traceresponse} header. */
  record Answered(String traceId, String serverSpanId) {
    /** Parses {@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}. */
    static Optional<Answered> fromTraceResponse(String header) {
      if (header == null) {
        return Optional.empty();
      }
      String[] p = header.trim().split("-");
      if (p.length != 4 || p[1].length() != 32 || p[2].length() != 16) {
        return Optional.empty();
      }
      return Optional.of(
          new Answered(p[1].toLowerCase(Locale.ROOT), p[2].toLowerCase(Locale.ROOT)));
    }
  }

  /** What one receiver got, against what it should have. */
  record Report(
      String receiver,
      int spans,
      int distinct,
      int duplicates,
      int missingServerSpans,
      int missingLlmSpans,
      int unexpectedSpans,
      int llmSpanIdsDifferent) {
    boolean complete() {
      return duplicates == 0
          && missingServerSpans == 0
          && missingLlmSpans == 0
          && unexpectedSpans == 0
          && llmSpanIdsDifferent == 0;
    }

    String describe(int expected) {
      return String.format(
          Locale.ROOT,
          "%-9s %7d spans, %7d distinct (expected %d): %d duplicates, %d SERVER spans missing,"
              + " %d LLM spans missing, %d unexpected, %d LLM span ids differ from the first"
              + " receiver's",
          receiver,
          spans,
          distinct,
          expected,
          duplicates,
          missingServerSpans,
          missingLlmSpans,
          unexpectedSpans,
          llmSpanIdsDifferent);
    }
  }

  /**
   * What a set of receivers got of one phase's requests, summed over the receivers: {@code
   * expected} spans (two per answered request per receiver), {@code delivered} the expected spans
   * that arrived (at least once), {@code duplicates} and {@code unexpected} as in {@link Report}
   * (with the LLM span ids that differ from the first receiver's); {@code allDecoded} false when a
   * receiver held an export it could not decode or did not answer 200.
   */
  record Tally(
      int receivers,
      long expected,
      long delivered,
      long duplicates,
      long unexpected,
      boolean allDecoded) {
    /** Expected spans that never arrived. */
    long lost() {
      return expected - delivered;
    }

    /** Every expected span arrived exactly once and nothing else did. */
    boolean complete() {
      return lost() == 0 && duplicates == 0 && unexpected == 0 && allDecoded;
    }

    /** This tally, with an export that could not be decoded or was refused. */
    Tally withUndecodedExports() {
      return new Tally(receivers, expected, delivered, duplicates, unexpected, false);
    }

    /**
     * Why a figure of this phase does not compare with another scenario's, e.g. {@code "lost 46123
     * of 140000 spans"}; empty when {@link #complete()}.
     */
    String shortfall() {
      List<String> what = new ArrayList<>();
      if (lost() > 0) {
        what.add("lost " + lost() + " of " + expected + " spans");
      }
      if (duplicates > 0) {
        what.add("got " + duplicates + " duplicates");
      }
      if (unexpected > 0) {
        what.add("got " + unexpected + " unexpected spans");
      }
      if (!allDecoded) {
        what.add("got exports it could not decode or refused");
      }
      return String.join(", ", what);
    }
  }

  /**
   * Sums {@code reports} (one per receiver, as {@link #check} returns them) for a phase of {@code
   * answered} requests; an LLM span id that differs from the first receiver's counts as unexpected.
   */
  static Tally tally(List<Report> reports, int answered) {
    long perReceiver = 2L * answered;
    long delivered = 0;
    long duplicates = 0;
    long unexpected = 0;
    for (Report r : reports) {
      delivered += perReceiver - r.missingServerSpans() - r.missingLlmSpans();
      duplicates += r.duplicates();
      unexpected += r.unexpectedSpans() + r.llmSpanIdsDifferent();
    }
    return new Tally(
        reports.size(), perReceiver * reports.size(), delivered, duplicates, unexpected, true);
  }

  /**
   * Checks every receiver (in map order; the first one's LLM span ids are the reference where it
   * has the trace) against the {@code answered} requests.
   */
  static List<Report> check(List<Answered> answered, Map<String, List<Span>> byReceiver) {
    return check(answered, byReceiver, Set.of());
  }

  /**
   * As {@link #check(List, Map)}, leaving the spans of the {@code ignored} traces out altogether
   * (neither expected nor unexpected): to check one phase of a run, such as the measured window
   * without the warm-up.
   */
  static List<Report> check(
      List<Answered> answered, Map<String, List<Span>> byReceiver, Set<String> ignored) {
    Map<String, String> serverSpanByTrace = new HashMap<>();
    for (Answered a : answered) {
      if (serverSpanByTrace.put(a.traceId(), a.serverSpanId()) != null) {
        throw new IllegalArgumentException("two answered requests share trace " + a.traceId());
      }
    }
    List<Report> reports = new ArrayList<>();
    Map<String, String> referenceLlmIds = null;
    for (Map.Entry<String, List<Span>> e : byReceiver.entrySet()) {
      List<Span> spans = e.getValue();
      Set<String> seen = new HashSet<>();
      Map<String, List<Span>> byTrace = new HashMap<>();
      int duplicates = 0;
      int counted = 0;
      for (Span s : spans) {
        if (ignored.contains(s.traceId())) {
          continue;
        }
        counted++;
        if (!seen.add(s.traceId() + "/" + s.spanId())) {
          duplicates++;
          continue;
        }
        byTrace.computeIfAbsent(s.traceId(), t -> new ArrayList<>(2)).add(s);
      }
      int missingServer = 0;
      int missingLlm = 0;
      int unexpected = 0;
      Map<String, String> llmIds = new LinkedHashMap<>();
      for (Map.Entry<String, String> expected : serverSpanByTrace.entrySet()) {
        String server = expected.getValue();
        boolean serverSeen = false;
        String llm = null;
        for (Span s : byTrace.getOrDefault(expected.getKey(), List.of())) {
          if (s.spanId().equals(server)) {
            serverSeen = true;
          } else if (server.equals(s.parentSpanId()) && llm == null) {
            llm = s.spanId();
          } else {
            unexpected++;
          }
        }
        if (!serverSeen) {
          missingServer++;
        }
        if (llm == null) {
          missingLlm++;
        } else {
          llmIds.put(expected.getKey(), llm);
        }
      }
      for (Map.Entry<String, List<Span>> t : byTrace.entrySet()) {
        if (!serverSpanByTrace.containsKey(t.getKey())) {
          unexpected += t.getValue().size();
        }
      }
      int different = 0;
      if (referenceLlmIds == null) {
        referenceLlmIds = llmIds;
      } else {
        for (Map.Entry<String, String> id : llmIds.entrySet()) {
          String reference = referenceLlmIds.get(id.getKey());
          // a trace the first receiver lacks is counted there as missing, not here
          if (reference != null && !reference.equals(id.getValue())) {
            different++;
          }
        }
      }
      reports.add(
          new Report(
              e.getKey(),
              counted,
              seen.size(),
              duplicates,
              missingServer,
              missingLlm,
              unexpected,
              different));
    }
    return reports;
  }
}
