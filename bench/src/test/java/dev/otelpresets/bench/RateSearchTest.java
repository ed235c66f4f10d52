package dev.otelpresets.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

/** The rate search's steps, against a scenario whose outcome is a plain function of the rate. */
class RateSearchTest {
  /** Runs the search to its end against {@code passes}; returns the rates tried, in order. */
  private static List<Double> run(RateSearch search, DoublePredicate passes) {
    List<Double> tried = new ArrayList<>();
    for (OptionalDouble next = search.next(); next.isPresent(); next = search.next()) {
      double rate = next.getAsDouble();
      tried.add(rate);
      search.record(rate, passes.test(rate));
    }
    return tried;
  }

  @Test
  void growsWhilePassingThenBisectsToThePrecision() {
    RateSearch search = new RateSearch(1000, 0.05, 20, 50);
    List<Double> tried = run(search, rate -> rate <= 2200);
    assertEquals(List.of(1000.0, 1500.0, 2250.0, 1875.0, 2063.0, 2157.0), tried);
    assertEquals(2157, search.highestPass().getAsDouble());
    assertEquals(2250, search.lowestFail().getAsDouble());
    assertTrue(2250 - 2157 <= 0.05 * 2250, "within 5% of the failing rate");
    assertEquals(
        "1000 pass, 1500 pass, 2250 fail, 1875 pass, 2063 pass, 2157 pass", search.describeSteps());
  }

  @Test
  void halvesWhileFailingThenBisects() {
    RateSearch search = new RateSearch(4000, 0.1, 20, 50);
    List<Double> tried = run(search, rate -> rate <= 1100);
    assertEquals(List.of(4000.0, 2000.0, 1000.0, 1500.0, 1250.0, 1125.0, 1063.0), tried);
    assertEquals(1063, search.highestPass().getAsDouble());
    assertEquals(1125, search.lowestFail().getAsDouble());
  }

  @Test
  void stopsAfterMaxSteps() {
    RateSearch search = new RateSearch(1000, 0.01, 3, 50);
    assertEquals(List.of(1000.0, 1500.0, 2250.0), run(search, rate -> true));
    assertTrue(search.lowestFail().isEmpty(), "no failure: the result is a lower bound only");
    assertEquals(2250, search.highestPass().getAsDouble());
  }

  @Test
  void stopsAtTheLowestRateWhenEverythingFails() {
    RateSearch search = new RateSearch(300, 0.05, 20, 50);
    assertEquals(List.of(300.0, 150.0, 75.0, 50.0), run(search, rate -> false));
    assertTrue(search.highestPass().isEmpty());
    assertEquals(50, search.lowestFail().getAsDouble());
  }

  @Test
  void stopsWhenNoWholeRateIsLeftBetweenPassAndFail() {
    RateSearch search = new RateSearch(100, 0.0001, 50, 50);
    run(search, rate -> rate <= 120);
    double pass = search.highestPass().getAsDouble();
    double fail = search.lowestFail().getAsDouble();
    assertEquals(120, pass);
    assertEquals(121, fail);
    assertTrue(search.next().isEmpty());
  }

  @Test
  void aPassAboveAFailureEndsTheSearchAndBothAreKept() {
    RateSearch search = new RateSearch(1000, 0.05, 20, 50);
    search.record(1000, false);
    search.record(500, true);
    search.record(1200, true); // noise: a higher rate passed after a lower one failed
    assertTrue(search.next().isEmpty());
    assertEquals(1200, search.highestPass().getAsDouble());
    assertEquals(1000, search.lowestFail().getAsDouble());
  }

  @Test
  void refusesNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new RateSearch(10, 0.05, 5, 50));
    assertThrows(IllegalArgumentException.class, () -> new RateSearch(100, 0, 5, 50));
    assertThrows(IllegalArgumentException.class, () -> new RateSearch(100, 0.05, 0, 50));
    assertThrows(IllegalArgumentException.class, () -> new RateSearch(Double.NaN, 0.05, 5, 50));
    assertThrows(IllegalArgumentException.class, () -> new RateSearch(100, 0.05, 5, 0));
  }
}
