package dev.otelpresets.core.internal;

import dev.otelpresets.core.config.OtelPresetsConfig;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start and close of the library mode's one SDK, in one place: builds it (or attaches to a global
 * someone else set, when configured), publishes it through the global handle exactly once, owns
 * the JVM shutdown hook, and closes in order — global detached, SDK shut down (backends flushed)
 * within {@link ExportPipeline#SHUTDOWN_DEADLINE}, then the pipeline's numbers settled.
 */
final class Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);
  private static final Duration DEADLINE = ExportPipeline.SHUTDOWN_DEADLINE;

  private final ExportPipeline pipeline;
  private final OpenTelemetrySdk sdk; // null when attached to an existing global
  private final OpenTelemetry recording;
  private final DelegatingOpenTelemetry handle = new DelegatingOpenTelemetry();
  private final boolean global;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch closeDone = new CountDownLatch(1);

  /**
   * Starts: the SDK is built with {@code pipeline} installed, after every preset was resolved.
   *
   * @param description what is started, for the message of a second instance's conflict
   */
  Lifecycle(
      OtelPresetsConfig config,
      ExportPipeline pipeline,
      String description,
      java.util.function.Supplier<OpenTelemetrySdk> buildSdk) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    boolean attachToExisting =
        config.publishGlobal()
            && config.existingGlobal() == OtelPresetsConfig.ExistingGlobal.ATTACH
            && GlobalHandle.holder() == GlobalHandle.Holder.OTHER_SDK;
    if (attachToExisting) {
      log.warn(
          "otel-presets: GlobalOpenTelemetry is already set by {}; recording through it"
              + " (settings.existing_global: attach). The presets {} do not export from this"
              + " process; use the otel-presets agent extension to plug them into that SDK.",
          GlobalOpenTelemetry.get().getClass().getName(),
          description);
      this.sdk = null;
      this.recording = GlobalOpenTelemetry.get();
      this.global = false;
    } else {
      this.sdk = buildSdk.get();
      this.recording = sdk;
      this.global = config.publishGlobal();
    }
    handle.setDelegate(recording);
    if (global) {
      try {
        GlobalHandle.attach(this, "started with callbacks " + description, sdk);
      } catch (RuntimeException e) {
        sdk.shutdown().join(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        throw e;
      }
    }
    if (config.shutdownHook()) {
      shutdownHook = new Thread(this::close, "otel-presets-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } else {
      shutdownHook = null;
    }
  }

  /** What the recording API records through: the SDK, or the existing global's. */
  /** Whether this lifecycle built the SDK (false: attached to another SDK's global). */
  boolean ownsSdk() {
    return sdk != null;
  }

  OpenTelemetry recording() {
    return recording;
  }

  /** The handle for the host: the global handle when published, else a private one. */
  OpenTelemetry openTelemetry() {
    return global ? GlobalHandle.openTelemetry() : handle;
  }

  boolean isGlobal() {
    return global;
  }

  /** The SDK, or null when attached to an existing global. */
  OpenTelemetrySdk sdk() {
    return sdk;
  }

  boolean forceFlush(Duration timeout) {
    if (sdk == null) {
      return true;
    }
    CompletableResultCode traces = sdk.getSdkTracerProvider().forceFlush();
    CompletableResultCode metrics = sdk.getSdkMeterProvider().forceFlush();
    CompletableResultCode logs = sdk.getSdkLoggerProvider().forceFlush();
    return CompletableResultCode.ofAll(List.of(traces, metrics, logs))
        .join(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .isSuccess();
  }

  void close() {
    if (!closed.compareAndSet(false, true)) {
      awaitClosedElsewhere();
      return;
    }
    try {
      closeOnce();
    } finally {
      closeDone.countDown();
    }
  }

  /**
   * A second close() — typically the host's own shutdown hook racing ours — returns only once the
   * first has flushed, so whatever it does next (print exportStats(), exit) sees the final state.
   * Our own hook waits too, so the JVM does not exit under a close() still flushing elsewhere.
   */
  private void awaitClosedElsewhere() {
    try {
      if (!closeDone.await(DEADLINE.toSeconds() + 5, TimeUnit.SECONDS)) {
        log.warn(
            "otel-presets: close() in another thread did not finish within {} s",
            DEADLINE.toSeconds() + 5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeOnce() {
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting; the hook is running or will run close(), which is idempotent
      }
    }
    if (global) {
      GlobalHandle.detach(this);
    }
    handle.setDelegate(OpenTelemetry.noop());
    if (sdk != null) {
      CompletableResultCode done = sdk.shutdown().join(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      if (!done.isSuccess()) {
        log.warn(
            "otel-presets: shutdown did not finish within {} s; some telemetry may not"
                + " have been delivered (spans: see 'abandoned at shutdown' per backend)",
            DEADLINE.toSeconds());
      }
    }
    pipeline.settle();
  }
}
