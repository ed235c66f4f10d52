package dev.otelpresets.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExportRatiosTest {
  @Test
  void ratiosAgainstPlainAndAgainstTheOwnSerialization() {
    String out =
        ExportRatios.report(
            List.of(
                "CPU|export vocabulary=plain content=true|2000000.0|10.0|5|4000000",
                "CPU|export vocabulary=arize content=true|16000000.0|10.0|5|14000000",
                "CPU|serialize-mapped vocabulary=arize content=true|4000000.0|10.0|5|6000000",
                "CPU|serialize-mapped-sdk vocabulary=arize content=true|8000000.0|10.0|5|9000000",
                "CPU|export vocabulary=levo content=true|2200000.0|10.0|5|4000000",
                "CPU|export vocabulary=all7 content=true|40000000.0|10.0|5|40000000",
                "CPU|ours callbacks=1 content=true|5033.5|1031.1|5|6184",
                "CPU|parse-content content=true|3000000.0|10.0|5|2500000",
                "not a CPU line"));
    assertTrue(out.contains("content true"), out);
    assertTrue(
        out.contains(
            "  arize         16.00     14.00         8.00         3.50        4.00        2.33"
                + "        2.00"),
        out);
    assertTrue(
        out.contains(
            "  levo           2.20      4.00         1.10         1.00           -           -"
                + "           -"),
        out);
    assertTrue(
        out.contains(
            "all7 (the seven owners in one operation): 20.00 x plain CPU, 10.00 x"
                + " plain allocation"),
        out);
    assertTrue(
        out.contains(
            "of which the content parse (ContentParseBenchmark, the same batch): 3.00 ms, 2.50 MB"
                + " = 1.50 x plain CPU"),
        out);
    assertTrue(
        out.contains(
            "sum of the 2 single-owner runs: 9.10 x plain CPU, 4.50 x plain" + " allocation"),
        out);
  }

  @Test
  void nothingWithoutPlain() {
    assertEquals(
        "",
        ExportRatios.report(
            List.of("CPU|export vocabulary=arize content=true|16000000.0|10.0|5|14000000")));
  }
}
