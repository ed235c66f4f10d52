package dev.otelpresets.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tiny run of the slow-clients harness against the real serve (a child process). */
class SlowClientsTest {

  @Test
  void aTinyRunMeasuresTheNormalClientAloneAndUnderEachAttack() throws Exception {
    SlowClients.Options tiny = new SlowClients.Options(4, 30, 20, 30, 100, 100);
    List<String> launch =
        List.of(
            GatewayLoad.javaBin(),
            "-Xmx128m",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.otelpresets.app.Main");
    List<SlowClients.Phase> phases = SlowClients.runServe(launch, List.of("drip", "hung"), tiny);

    assertEquals(
        List.of("alone", "drip", "hung"), phases.stream().map(SlowClients.Phase::name).toList());
    for (SlowClients.Phase p : phases) {
      assertEquals(30, p.requests(), p.describe());
      assertEquals(0, p.errors(), p.describe());
      assertTrue(p.p50Ms() > 0 && p.p50Ms() <= p.p99Ms() && p.p99Ms() <= p.maxMs(), p.describe());
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      SlowClients.report(phases, tiny);
    } finally {
      System.setOut(old);
    }
    String report = buf.toString(StandardCharsets.UTF_8);
    assertTrue(report.contains("machine load average"), report);
    assertTrue(report.contains("drip: p99 ") && report.contains("x alone"), report);
    assertTrue(report.contains("hung: p99 ") && report.contains("target p99 < 100 ms"), report);
  }
}
