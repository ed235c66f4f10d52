package dev.otelpresets.app;

import dev.otelpresets.app.cli.Cli;
import dev.otelpresets.app.cli.ServeCommand;
import dev.otelpresets.app.demo.Demo;
import dev.otelpresets.core.discovery.PresetRegistry;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.testkit.FakeTokenEndpoint;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedSpan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Runs {@code otel-presets serve} in-process on port 0 through the real command line, with an
 * embedded OTLP receiver for every preset on the classpath that the demo knows how to wire, and
 * for {@code otel}.
 */
final class ServeFixture implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(15);

  final Map<String, OtlpReceiver> receivers = new LinkedHashMap<>();
  final Map<String, String> env = new TreeMap<>();
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final FakeTokenEndpoint tokenServer;
  final CompletableFuture<ServeCommand.Running> running = new CompletableFuture<>();
  final CompletableFuture<Integer> exit;
  final Path dir;

  /**
   * @param callbacks which receivers to wire: all known presets on the classpath, or only otel
   * @param yamlTail the config after the callbacks line (settings, models, keys)
   */
  ServeFixture(boolean allPresets, Function<ServeFixture, String> yamlTail, String... extraArgs)
      throws IOException {
    tokenServer = FakeTokenEndpoint.start();
    String tokenUrl = tokenServer.baseUrl();
    PresetRegistry registry = PresetRegistry.load(getClass().getClassLoader());
    for (PresetProvider p : registry.providers()) {
      if (!allPresets && !p.name().equals("otel")) {
        continue;
      }
      OtlpReceiver r = OtlpReceiver.start(p.name() + " receiver");
      Map<String, String> s = Demo.settingsFor(p.name(), r, tokenUrl);
      if (s == null) {
        r.close();
        continue;
      }
      receivers.put(p.name(), r);
      env.putAll(s);
    }
    env.put("OTEL_BSP_SCHEDULE_DELAY", "100");
    dir = Files.createTempDirectory("otel-presets-serve");
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(
        config,
        "callbacks: [" + String.join(", ", receivers.keySet()) + "]\n" + yamlTail.apply(this));
    CommandLine cl = Main.commandLine(Cli.of(env).onServe(running::complete));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    List<String> args =
        new ArrayList<>(List.of("serve", "--config", config.toString(), "--port", "0"));
    args.addAll(List.of(extraArgs));
    exit = CompletableFuture.supplyAsync(() -> cl.execute(args.toArray(String[]::new)));
    try {
      CompletableFuture.anyOf(running, exit).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("serve did not start: " + err, e);
    }
    if (!running.isDone()) {
      close();
      throw new IllegalStateException("serve exited with " + exit.join() + ": " + err);
    }
  }

  URI baseUrl() {
    return running.join().baseUrl();
  }

  void flush() {
    running.join().telemetry().forceFlush(WAIT);
  }

  /** The spans of one trace at a receiver, waiting until {@code count} arrived. */
  List<ReceivedSpan> trace(String receiver, String traceId, int count) {
    return receivers.get(receiver).awaitSpans(s -> s.traceId().equals(traceId), count, WAIT);
  }

  @Override
  public void close() {
    if (running.isDone()) {
      running.join().stop();
      exit.join();
    }
    receivers.values().forEach(OtlpReceiver::close);
    tokenServer.close();
  }
}
