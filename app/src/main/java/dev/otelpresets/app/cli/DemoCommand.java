package dev.otelpresets.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.otelpresets.app.Main;
import dev.otelpresets.app.demo.Demo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code otel-presets demo}: everything, locally, with no setup and no accounts. */
@Command(
    name = "demo",
    header = "Run everything locally, no accounts; show what each backend got.",
    mixinStandardHelpOptions = true,
    description = {
      "Zero setup, zero accounts: start an embedded OTLP receiver for every preset on the",
      "classpath and for 'otel', point each preset at its receiver with dummy credentials",
      "(through settings only; the real environment is neither read nor written), start the",
      "gateway with the mock model, send sample traffic (plain, streamed, tool calls,",
      "embeddings, a failed call, a tenant's request, an unknown key), and print what every",
      "backend received:",
      "spans, traces, the vocabulary it saw (every attribute key it received) and the auth",
      "it was sent (redacted).",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  otel-presets demo",
      "  otel-presets demo --json demo.json        # the same report as JSON",
      "",
      "Exit codes: 0 the demo ran as expected, 1 a request or a receiver did not."
    })
public final class DemoCommand implements Callable<Integer> {
  private final Cli cli;

  @picocli.CommandLine.Mixin PresetPathOption presetPath = new PresetPathOption();

  @Spec CommandSpec spec;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
  Path json;

  public DemoCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Cli cli = presetPath.apply(this.cli);
    PrintWriter out = spec.commandLine().getOut();
    out.println("otel-presets demo " + Main.version());
    out.flush();
    Demo.Result r =
        new Demo(
                cli.classLoader(),
                line -> {
                  out.println("  " + line);
                  out.flush();
                })
            .run();

    out.println();
    out.println("Requests sent to the gateway (" + r.gatewayUrl() + ")");
    for (Demo.Sent s : r.requests()) {
      out.printf(
          "  %-28s HTTP %d%s%n",
          s.name(), s.status(), s.ok() ? "" : "   UNEXPECTED (wanted " + s.expected() + ")");
    }
    out.println();
    out.println("What each backend received");
    List<String[]> table = new ArrayList<>();
    table.add(
        new String[] {
          "BACKEND", "SPANS", "TRACES", "VOCABULARY (keys per prefix)", "AUTH SENT (redacted)"
        });
    for (Demo.Row row : r.rows()) {
      if (!row.status().equals("demoed")) {
        table.add(new String[] {row.name(), "-", "-", row.status(), ""});
        continue;
      }
      List<String> auth = row.auth().isEmpty() ? List.of("(no exports)") : row.auth();
      table.add(
          new String[] {
            row.name(),
            String.valueOf(row.spans()),
            String.valueOf(row.traces()),
            String.join(", ", row.vocabulary()),
            auth.get(0)
          });
      for (int i = 1; i < auth.size(); i++) {
        table.add(new String[] {"", "", "", "", auth.get(i)});
      }
    }
    int[] width = new int[5];
    for (String[] line : table) {
      for (int i = 0; i < 4; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    for (String[] line : table) {
      out.printf(
          "  %-" + width[0] + "s  %" + width[1] + "s  %" + width[2] + "s  %-" + width[3]
              + "s  %s%n",
          line[0],
          line[1],
          line[2],
          line[3],
          line[4]);
    }
    out.println();
    for (Demo.Row row : r.rows()) {
      if (row.status().equals("demoed")) {
        out.println(
            "  "
                + row.name()
                + ": paths "
                + String.join(", ", row.paths())
                + (row.metrics() > 0 ? "; " + row.metrics() + " metric(s)" : "")
                + (row.resource().isEmpty() ? "" : "; resource " + row.resource()));
        printWrapped(
            out,
            "    vocabulary keys (" + row.vocabularyKeys().size() + "): ",
            row.vocabularyKeys());
      }
    }
    if (r.tokenRequests() > 0) {
      out.println(
          "  agentops fetched its JWT from the demo's token endpoint "
              + r.tokenRequests()
              + " time(s)");
    }
    out.println(
        "  tenant credentials of team-a: "
            + (r.tenantApi()
                ? "bound to the tenant's request (the core's tenant API is present)"
                : "parsed but not applied: this core has no tenant API yet"));
    out.println();
    out.println(
        "Every request is one trace: the gateway's SERVER span and, under it, one LLM span"
            + " (chat or embeddings);"
            + " each backend got one copy, in its own vocabulary.");
    if (json != null) {
      writeJson(r);
      out.println("JSON report written to " + json);
    }
    out.println(r.ok() ? "Demo finished." : "Demo finished with problems (see above).");
    out.flush();
    return r.ok() ? Main.OK : Main.PROBLEM;
  }

  /** {@code head} then the items, comma-separated, wrapped under the first item at 100 columns. */
  private static void printWrapped(PrintWriter out, String head, List<String> items) {
    String indent = " ".repeat(head.length());
    StringBuilder line = new StringBuilder(head);
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i) + (i < items.size() - 1 ? "," : "");
      if (line.length() > head.length() && line.length() + 1 + item.length() > 100) {
        out.println(line);
        line.setLength(0);
        line.append(indent);
      } else if (line.length() > head.length()) {
        line.append(' ');
      }
      line.append(item);
    }
    out.println(items.isEmpty() ? head + "(none)" : line.toString());
  }

  private void writeJson(Demo.Result r) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", Main.version());
    root.put("gateway", r.gatewayUrl());
    List<Map<String, Object>> requests = new ArrayList<>();
    for (Demo.Sent s : r.requests()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      m.put("status", s.status());
      m.put("expected", s.expected());
      requests.add(m);
    }
    root.put("requests", requests);
    List<Map<String, Object>> backends = new ArrayList<>();
    for (Demo.Row row : r.rows()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", row.name());
      m.put("owner", row.owner());
      m.put("status", row.status());
      m.put("spans", row.spans());
      m.put("traces", row.traces());
      m.put("vocabulary", row.vocabulary());
      m.put("vocabulary_keys", row.vocabularyKeys());
      m.put("auth", row.auth());
      m.put("paths", row.paths());
      m.put("metrics", row.metrics());
      m.put("resource", row.resource());
      backends.add(m);
    }
    root.put("backends", backends);
    root.put("agentops_token_requests", r.tokenRequests());
    root.put("tenant_api", r.tenantApi());
    root.put("ok", r.ok());
    try {
      Path parent = json.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + json + ": " + e.getMessage(), e);
    }
  }
}
