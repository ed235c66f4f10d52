package dev.otelpresets.testkit;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Starts embedded receivers and one otel-presets instance pointed at them, for end-to-end preset
 * tests through the real OTLP exporters:
 *
 * <pre>{@code
 * try (PresetTestHarness h = PresetTestHarness.builder()
 *     .receiver("langfuse").receiver("otel")
 *     .yaml("callbacks: [langfuse, otel]\nsettings:\n  capture_message_content: span_only\n")
 *     .env(r -> Map.of("LANGFUSE_HOST", r.get("langfuse").baseUrl(),
 *                      "LANGFUSE_PUBLIC_KEY", "pk", "LANGFUSE_SECRET_KEY", "sk",
 *                      "OTEL_EXPORTER_OTLP_ENDPOINT", r.get("otel").baseUrl()))
 *     .start()) {
 *   GenAiScenarios.Recorded rec = h.scenarios().streamedChat();
 *   List<ReceivedSpan> spans = h.flushAndAwait("langfuse", 2);
 * }
 * }</pre>
 *
 * The instance does not publish the global and has no shutdown hook, so tests stay independent.
 */
public final class PresetTestHarness implements AutoCloseable {
  /** How long awaits wait by default. */
  public static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final Map<String, OtlpReceiver> receivers;
  private final GenAiTelemetry telemetry;
  private final GenAiScenarios scenarios;

  private PresetTestHarness(Map<String, OtlpReceiver> receivers, GenAiTelemetry telemetry) {
    this.receivers = receivers;
    this.telemetry = telemetry;
    this.scenarios = new GenAiScenarios(telemetry);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The receiver registered under {@code name}. */
  public OtlpReceiver receiver(String name) {
    OtlpReceiver r = receivers.get(name);
    if (r == null) {
      throw new IllegalArgumentException(
          "no receiver named '" + name + "'; have " + receivers.keySet());
    }
    return r;
  }

  public GenAiTelemetry telemetry() {
    return telemetry;
  }

  /** The sample calls, recorded through this instance. */
  public GenAiScenarios scenarios() {
    return scenarios;
  }

  /** Flushes the SDK, then waits until {@code receiver} holds at least {@code spans} spans. */
  public List<ReceivedSpan> flushAndAwait(String receiver, int spans) {
    if (!telemetry.forceFlush(TIMEOUT)) {
      throw new AssertionError("flush did not complete within " + TIMEOUT);
    }
    return receiver(receiver).awaitSpans(spans, TIMEOUT);
  }

  /** The spans of one trace at a receiver. */
  public List<ReceivedSpan> trace(String receiver, String traceId) {
    List<ReceivedSpan> out = new ArrayList<>();
    for (ReceivedSpan s : receiver(receiver).spans()) {
      if (s.traceId().equals(traceId)) {
        out.add(s);
      }
    }
    return out;
  }

  /** The one span with this id at a receiver; fails when it is missing or duplicated. */
  public ReceivedSpan span(String receiver, String spanId) {
    ReceivedSpan found = null;
    for (ReceivedSpan s : receiver(receiver).spans()) {
      if (s.spanId().equals(spanId)) {
        if (found != null) {
          throw new AssertionError(receiver + " received span " + spanId + " twice");
        }
        found = s;
      }
    }
    if (found == null) {
      throw new AssertionError(
          receiver + " never received span " + spanId + "; it has " + receiver(receiver).spans());
    }
    return found;
  }

  @Override
  public void close() {
    try {
      telemetry.close();
    } finally {
      receivers.values().forEach(OtlpReceiver::close);
    }
  }

  /** Builder for {@link PresetTestHarness}. */
  public static final class Builder {
    private final Map<String, Boolean> receiverNames = new LinkedHashMap<>();
    private String yaml = "";
    private Function<Map<String, OtlpReceiver>, Map<String, String>> env = r -> Map.of();

    private Builder() {}

    /** Adds an OTLP/HTTP receiver named {@code name}. */
    public Builder receiver(String name) {
      receiverNames.put(Objects.requireNonNull(name, "name"), false);
      return this;
    }

    /** Adds a receiver that also serves OTLP/gRPC. */
    public Builder grpcReceiver(String name) {
      receiverNames.put(Objects.requireNonNull(name, "name"), true);
      return this;
    }

    /** The YAML configuration. */
    public Builder yaml(String yaml) {
      this.yaml = Objects.requireNonNull(yaml, "yaml");
      return this;
    }

    /** The environment the instance sees, computed from the started receivers. */
    public Builder env(Function<Map<String, OtlpReceiver>, Map<String, String>> env) {
      this.env = Objects.requireNonNull(env, "env");
      return this;
    }

    /** Starts the receivers, then the instance. */
    public PresetTestHarness start() {
      Map<String, OtlpReceiver> receivers = new LinkedHashMap<>();
      try {
        receiverNames.forEach(
            (name, grpc) ->
                receivers.put(
                    name, grpc ? OtlpReceiver.startWithGrpc(name) : OtlpReceiver.start(name)));
        String config = yaml.contains("shutdown_hook") ? yaml : yaml + "\n";
        GenAiTelemetry telemetry =
            OtelPresets.builder()
                .configYaml(config)
                .environment(env.apply(Map.copyOf(receivers)))
                .publishGlobal(false)
                .build();
        return new PresetTestHarness(receivers, telemetry);
      } catch (RuntimeException | Error e) {
        receivers.values().forEach(OtlpReceiver::close);
        throw e;
      }
    }
  }
}
