package dev.otelpresets.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The export-path ratios of one {@link ExportBenchmark} run, from its {@code CPU|} lines
 * (calling-thread CPU and allocation per batch): for each owner, mapping + serialization against
 * the serialization of its own mapped output (target ≤ 1.3) and against {@code plain}; for the
 * seven owners together ({@code all7}), against {@code plain} (seven plain exports cost 7 ×; target
 * ≤ 10). {@code bench/run.sh} runs it on its {@code cpu-*.txt} file; usage: {@code ExportRatios
 * FILE...}.
 */
public final class ExportRatios {
  private static final Pattern LINE =
      Pattern.compile(
          "CPU\\|(export|serialize-mapped|serialize-mapped-sdk) vocabulary=(\\S+) content=(\\S+)\\|([0-9.]+)\\|[0-9.NaN]+"
              + "\\|\\d+\\|([0-9.]+)");

  /** {@link ContentParseBenchmark}'s line: the shared content parse of the same batch. */
  private static final Pattern PARSE =
      Pattern.compile(
          "CPU\\|parse-content content=(\\S+)\\|([0-9.]+)\\|[0-9.NaN]+\\|\\d+\\|([0-9.]+)");

  private ExportRatios() {}

  /** One operation's figures per batch: calling-thread CPU ns and bytes allocated. */
  record Cost(double cpuNanos, double bytes) {}

  public static void main(String[] args) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String a : args) {
      lines.addAll(Files.readAllLines(Path.of(a)));
    }
    System.out.print(report(lines));
  }

  /** The ratios as text; empty when the lines hold no {@code plain} export. */
  static String report(List<String> lines) {
    // content -> operation -> vocabulary -> cost
    Map<String, Map<String, Map<String, Cost>>> costs = new LinkedHashMap<>();
    Map<String, Cost> parses = new LinkedHashMap<>();
    for (String line : lines) {
      Matcher p = PARSE.matcher(line.trim());
      if (p.matches()) {
        parses.put(
            p.group(1), new Cost(Double.parseDouble(p.group(2)), Double.parseDouble(p.group(3))));
      }
      Matcher m = LINE.matcher(line.trim());
      if (m.matches()) {
        costs
            .computeIfAbsent(m.group(3), k -> new LinkedHashMap<>())
            .computeIfAbsent(m.group(1), k -> new LinkedHashMap<>())
            .put(
                m.group(2),
                new Cost(Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5))));
      }
    }
    StringBuilder sb = new StringBuilder();
    costs.forEach(
        (content, ops) -> {
          Map<String, Cost> export = ops.getOrDefault("export", Map.of());
          Map<String, Cost> mapped = ops.getOrDefault("serialize-mapped", Map.of());
          Map<String, Cost> sdk = ops.getOrDefault("serialize-mapped-sdk", Map.of());
          Cost plain = export.get("plain");
          if (plain == null) {
            return;
          }
          sb.append(
              String.format(
                  Locale.ROOT,
                  "export of 512 spans, content %s (calling-thread CPU"
                      + " ms and MB allocated per batch; plain %.2f ms, %.2f MB):%n",
                  content,
                  plain.cpuNanos() / 1e6,
                  plain.bytes() / 1e6));
          sb.append(
              String.format(
                  Locale.ROOT,
                  "  %-9s %9s %9s %12s %12s %11s %11s %11s%n",
                  "owner",
                  "CPU ms",
                  "MB",
                  "xplain CPU",
                  "xplain MB",
                  "xown-ser",
                  "xown-ser MB",
                  "xsdk-ser"));
          double sumCpu = 0;
          double sumBytes = 0;
          int owners = 0;
          for (Map.Entry<String, Cost> e : export.entrySet()) {
            String v = e.getKey();
            Cost c = e.getValue();
            Cost own = mapped.get(v);
            Cost reference = sdk.get(v);
            if (!v.equals("plain") && !v.equals("all7")) {
              sumCpu += c.cpuNanos();
              sumBytes += c.bytes();
              owners++;
            }
            sb.append(
                String.format(
                    Locale.ROOT,
                    "  %-9s %9.2f %9.2f %12.2f %12.2f %11s %11s %11s%n",
                    v,
                    c.cpuNanos() / 1e6,
                    c.bytes() / 1e6,
                    c.cpuNanos() / plain.cpuNanos(),
                    c.bytes() / plain.bytes(),
                    own == null
                        ? "-"
                        : String.format(Locale.ROOT, "%.2f", c.cpuNanos() / own.cpuNanos()),
                    own == null ? "-" : String.format(Locale.ROOT, "%.2f", c.bytes() / own.bytes()),
                    reference == null
                        ? "-"
                        : String.format(Locale.ROOT, "%.2f", c.cpuNanos() / reference.cpuNanos())));
          }
          sb.append(
              String.format(
                  Locale.ROOT,
                  "  each owner: mapping + serialization / serialization"
                      + " of its own mapped output (xown-ser, CPU; allocation is exact, CPU moves with the"
                      + " machine's load): target <= 1.3%n"));
          sb.append(
              String.format(
                  Locale.ROOT,
                  "  xsdk-ser: the same against the SDK marshaler's serialization of that output"
                      + " (the reference that does not depend on our transport)%n"));
          Cost parse = parses.get(content);
          if (parse != null) {
            sb.append(
                String.format(
                    Locale.ROOT,
                    "  of which the content parse (ContentParseBenchmark, the same batch): %.2f ms,"
                        + " %.2f MB = %.2f x plain CPU; every owner whose mapping rewrites content"
                        + " pays it once, all7 once for all%n",
                    parse.cpuNanos() / 1e6,
                    parse.bytes() / 1e6,
                    parse.cpuNanos() / plain.cpuNanos()));
          }
          Cost all = export.get("all7");
          if (all != null) {
            sb.append(
                String.format(
                    Locale.ROOT,
                    "  all7 (the seven owners in one operation): %.2f x"
                        + " plain CPU, %.2f x plain allocation (seven plain exports: 7; target <= 10)%n",
                    all.cpuNanos() / plain.cpuNanos(),
                    all.bytes() / plain.bytes()));
          }
          if (owners > 0) {
            sb.append(
                String.format(
                    Locale.ROOT,
                    "  sum of the %d single-owner runs: %.2f x plain"
                        + " CPU, %.2f x plain allocation%n",
                    owners,
                    sumCpu / plain.cpuNanos(),
                    sumBytes / plain.bytes()));
          }
        });
    return sb.toString();
  }
}
