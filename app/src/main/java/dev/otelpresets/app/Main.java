package dev.otelpresets.app;

import dev.otelpresets.app.cli.Cli;
import dev.otelpresets.app.cli.DemoCommand;
import dev.otelpresets.app.cli.DoctorCommand;
import dev.otelpresets.app.cli.PresetsCommand;
import dev.otelpresets.app.cli.ServeCommand;
import dev.otelpresets.core.GlobalOpenTelemetryConflictException;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.discovery.PresetDiscoveryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code otel-presets} command line: {@code presets}, {@code doctor}, {@code serve} and
 * {@code demo}. Exit codes: 0 success, 1 a problem was found (doctor warnings, a failed probe, a
 * failed demo), 2 bad usage or configuration.
 */
@Command(
    name = "otel-presets",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Send the telemetry of LLM calls (OpenTelemetry GenAI traces and metrics) to many",
      "observability backends at once, from one OpenTelemetry SDK.",
      ""
    },
    commandListHeading = "%nCommands:%n",
    footerHeading = "%nExamples:%n",
    footer = {
      "  otel-presets demo                          # everything locally, no accounts",
      "  otel-presets presets                       # presets on the classpath",
      "  otel-presets doctor --config gateway.yaml  # where telemetry goes, and why",
      "  otel-presets doctor --config gateway.yaml --probe",
      "  otel-presets serve --config gateway.yaml --port 4000",
      "  otel-presets --preset-path plugins presets # with third-party preset jars",
      "",
      "Exit codes: 0 success, 1 a problem was found, 2 bad usage or configuration.",
      "Set OTEL_PRESETS_DEBUG=1 to see stack traces of unexpected errors."
    })
public final class Main implements Runnable {
  /** Success. */
  public static final int OK = 0;

  /** A problem was found (doctor warnings, failed probes, a failed demo, a runtime error). */
  public static final int PROBLEM = 1;

  /** Bad usage or configuration. */
  public static final int USAGE = 2;

  /**
   * When the SDK cannot start (a bad OTEL_* value), autoconfigure logs "Error encountered during
   * autoconfiguration" and the OTLP exporters it closed are closed again ("Calling shutdown()
   * multiple times"), both at INFO, before the command's own one-line message: the CLI keeps their
   * warnings and errors only. Strong references keep the levels set.
   */
  private static final java.util.List<java.util.logging.Logger> QUIETED =
      java.util.stream.Stream.of(
              "io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder",
              "io.opentelemetry.exporter.otlp.internal.GrpcExporter",
              "io.opentelemetry.exporter.otlp.internal.HttpExporter")
          .map(java.util.logging.Logger::getLogger)
          .toList();

  /**
   * The OpenTelemetry API's baggage parser logs a stack trace for every malformed member of an
   * incoming {@code baggage} header (skipping it is right): one request with a few hundred bad
   * members wrote 600 KB to serve's log. A client must not be able to flood the log.
   */
  private static final java.util.logging.Logger BAGGAGE_PARSER =
      java.util.logging.Logger.getLogger("io.opentelemetry.api.baggage.propagation.Parser");

  static {
    QUIETED.forEach(l -> l.setLevel(java.util.logging.Level.WARNING));
    BAGGAGE_PARSER.setLevel(java.util.logging.Level.SEVERE);
  }

  @Spec CommandSpec spec;

  @picocli.CommandLine.Mixin
  dev.otelpresets.app.cli.PresetPathOption presetPath =
      new dev.otelpresets.app.cli.PresetPathOption();

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(commandLine(Cli.system()).execute(args));
  }

  /** The command line, wired to {@code cli} (the environment, the class loader, output hooks). */
  public static CommandLine commandLine(Cli cli) {
    CommandLine cl = new CommandLine(new Main());
    cl.addSubcommand("presets", new PresetsCommand(cli));
    cl.addSubcommand("doctor", new DoctorCommand(cli));
    cl.addSubcommand("serve", new ServeCommand(cli));
    cl.addSubcommand("demo", new DemoCommand(cli));
    // descriptions are written ~90 columns wide; 100 keeps picocli from re-wrapping them
    cl.setUsageHelpWidth(100);
    cl.setExecutionExceptionHandler(Main::handleException);
    cl.setParameterExceptionHandler(Main::handleParameterException);
    return cl;
  }

  private static int handleException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof ConfigException
        || e instanceof PresetDiscoveryException
        || e instanceof GlobalOpenTelemetryConflictException) {
      err.println("otel-presets: " + e.getMessage());
      err.flush();
      return USAGE;
    }
    if (e instanceof io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException) {
      // a bad OTEL_* value read by autoconfigure's own code (doctor reads it the same way)
      err.println(
          "otel-presets: "
              + dev.otelpresets.core.internal.StandardOverrides.invalidSetting(
                      (io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException) e,
                      "otel.* system properties")
                  .getMessage());
      err.flush();
      return USAGE;
    }
    if (e instanceof UncheckedIOException || e instanceof IOException) {
      err.println("otel-presets: " + e.getMessage());
      err.flush();
      return PROBLEM;
    }
    err.println(
        "otel-presets: unexpected error: "
            + e.getClass().getSimpleName()
            + (e.getMessage() != null ? ": " + e.getMessage() : "")
            + " (set OTEL_PRESETS_DEBUG=1 for the stack trace)");
    if (System.getenv("OTEL_PRESETS_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
    return PROBLEM;
  }

  private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("otel-presets: " + e.getMessage());
    err.println(
        "Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage and" + " examples.");
    err.flush();
    return USAGE;
  }

  /** The version, from the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "otel-presets " + version(),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")"
      };
    }
  }

  /** The project version this jar was built from (one source: {@link OtelPresets#version()}). */
  public static String version() {
    return OtelPresets.version();
  }
}
