package dev.otelpresets.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The step logic of {@code bench/load.sh --find-rate}: which paced rate to try next, given the
 * rates that passed (the scenario kept pace and every span of every request reached every
 * receiver) and failed so far. Starts at {@code start}; while nothing failed, multiplies the
 * highest pass by {@value #GROWTH}; while nothing passed, halves the lowest failure; once it has
 * both, bisects between the highest pass and the lowest failure. Done after {@code maxSteps}
 * phases, when the two are within {@code precision} of the failure, or when even {@code minRate}
 * failed. Rates are whole requests per second. No I/O: {@link GatewayLoad} runs the phases.
 */
final class RateSearch {
  /** How much higher the next rate is while every phase passed. */
  static final double GROWTH = 1.5;

  private final double start;
  private final double precision;
  private final int maxSteps;
  private final double minRate;
  private final List<Step> steps = new ArrayList<>();
  private double highestPass = Double.NaN;
  private double lowestFail = Double.NaN;

  /** One tried rate and its outcome. */
  record Step(double rate, boolean passed) {}

  RateSearch(double start, double precision, int maxSteps, double minRate) {
    if (!(start >= minRate) || !(minRate >= 1)) {
      throw new IllegalArgumentException(
          "the first rate (" + start + ") must be at least the lowest rate (" + minRate + ") >= 1");
    }
    if (!(precision > 0 && precision < 1) || maxSteps < 1) {
      throw new IllegalArgumentException(
          "precision must be in (0, 1) and steps at least 1, not " + precision + ", " + maxSteps);
    }
    this.start = Math.round(start);
    this.precision = precision;
    this.maxSteps = maxSteps;
    this.minRate = minRate;
  }

  /** The rate to try next, or empty when the search is done. */
  OptionalDouble next() {
    if (steps.size() >= maxSteps) {
      return OptionalDouble.empty();
    }
    if (steps.isEmpty()) {
      return OptionalDouble.of(start);
    }
    double candidate;
    if (Double.isNaN(lowestFail)) {
      candidate = Math.round(highestPass * GROWTH);
    } else if (Double.isNaN(highestPass)) {
      if (lowestFail <= minRate) {
        return OptionalDouble.empty();
      }
      candidate = Math.max(minRate, Math.round(lowestFail / 2));
    } else {
      if (lowestFail - highestPass <= precision * lowestFail) {
        return OptionalDouble.empty();
      }
      candidate = Math.round((highestPass + lowestFail) / 2);
    }
    if (candidate == highestPass || candidate == lowestFail) {
      return OptionalDouble.empty(); // whole requests per second: nothing left between the two
    }
    return OptionalDouble.of(candidate);
  }

  /** Records the outcome of a phase at {@code rate}. */
  void record(double rate, boolean passed) {
    steps.add(new Step(rate, passed));
    if (passed && (Double.isNaN(highestPass) || rate > highestPass)) {
      highestPass = rate;
    }
    if (!passed && (Double.isNaN(lowestFail) || rate < lowestFail)) {
      lowestFail = rate;
    }
  }

  /** The highest rate that passed, or empty when none did. */
  OptionalDouble highestPass() {
    return Double.isNaN(highestPass) ? OptionalDouble.empty() : OptionalDouble.of(highestPass);
  }

  /** The lowest rate that failed, or empty when none did. */
  OptionalDouble lowestFail() {
    return Double.isNaN(lowestFail) ? OptionalDouble.empty() : OptionalDouble.of(lowestFail);
  }

  List<Step> steps() {
    return List.copyOf(steps);
  }

  /** One line: the rates tried in order, e.g. {@code 2000 pass, 3000 fail, 2500 pass}. */
  String describeSteps() {
    List<String> parts = new ArrayList<>();
    for (Step s : steps) {
      parts.add(String.format(Locale.ROOT, "%.0f %s", s.rate(), s.passed() ? "pass" : "fail"));
    }
    return String.join(", ", parts);
  }
}
