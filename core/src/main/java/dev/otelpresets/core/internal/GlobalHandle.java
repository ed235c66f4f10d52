package dev.otelpresets.core.internal;

import dev.otelpresets.core.GlobalOpenTelemetryConflictException;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.TracerProvider;

/**
 * The process-wide handle published as {@link GlobalOpenTelemetry} exactly once. Each running
 * otel-presets instance attaches its SDK to it; closing detaches. So the global is set once per
 * JVM, instances can be restarted, and two live instances cannot silently split the process.
 */
public final class GlobalHandle {
  private static final DelegatingOpenTelemetry HANDLE = new DelegatingOpenTelemetry();
  private static boolean published;
  private static Object owner; // the attached instance, or null
  private static String ownerDescription;

  private GlobalHandle() {}

  /** The handle (works before anything is attached; forwards once an SDK is). */
  public static OpenTelemetry openTelemetry() {
    return HANDLE;
  }

  /**
   * Publishes the handle as the global if nobody has set the global yet. Call it first thing in
   * {@code main} when other code might read {@code GlobalOpenTelemetry} before otel-presets starts.
   *
   * @return true when the handle is (now or already) the global
   */
  public static synchronized boolean publishIfUnset() {
    if (published) {
      return true;
    }
    if (GlobalOpenTelemetry.isSet()) {
      return false;
    }
    GlobalOpenTelemetry.set(HANDLE);
    published = true;
    return true;
  }

  /** What currently holds the global, when it is not this handle. */
  enum Holder {
    NONE,
    THIS_HANDLE,
    NOOP_LOCKED,
    OTHER_SDK
  }

  static synchronized Holder holder() {
    if (published) {
      return Holder.THIS_HANDLE;
    }
    if (!GlobalOpenTelemetry.isSet()) {
      return Holder.NONE;
    }
    // get() is harmless once the global is set; a no-op tracer provider means an early get()
    // locked in the no-op
    return GlobalOpenTelemetry.get().getTracerProvider() == TracerProvider.noop()
        ? Holder.NOOP_LOCKED
        : Holder.OTHER_SDK;
  }

  /**
   * Attaches an instance's SDK to the global handle, publishing the handle if needed.
   *
   * @throws GlobalOpenTelemetryConflictException saying who holds the global and what to do
   */
  static synchronized void attach(Object instance, String description, OpenTelemetry sdk) {
    Holder h = holder();
    if (h == Holder.NOOP_LOCKED) {
      throw new GlobalOpenTelemetryConflictException(
          "GlobalOpenTelemetry.get() was called before otel-presets started, which locked the"
              + " global to a no-op: spans recorded through it would be lost, and the global can"
              + " no longer be replaced. Fix: start otel-presets before that code runs, or call"
              + " OtelPresets.publishGlobalHandle() first thing in main(), or have the component"
              + " take its OpenTelemetry from GenAiTelemetry.openTelemetry() (or inject it with"
              + " OtelPresetsModule) instead of GlobalOpenTelemetry. To run without the global,"
              + " set settings.publish_global: false.");
    }
    if (h == Holder.OTHER_SDK) {
      throw new GlobalOpenTelemetryConflictException(
          "GlobalOpenTelemetry is already set by something else ("
              + GlobalOpenTelemetry.get().getClass().getName()
              + "), typically the OpenTelemetry"
              + " Java agent or another library. otel-presets will not build a second SDK beside"
              + " it: that would split traces between two providers. Choose one: use the"
              + " otel-presets agent extension so the presets plug into the agent's SDK; or set"
              + " settings.existing_global: attach to record through the existing SDK (presets"
              + " then do not export); or set settings.publish_global: false to run privately.");
    }
    if (owner != null && owner != instance) {
      throw new GlobalOpenTelemetryConflictException(
          "otel-presets is already running in this JVM and owns the global OpenTelemetry ("
              + ownerDescription
              + "). Close it before starting another, or start the second"
              + " one with settings.publish_global: false.");
    }
    if (!published) {
      GlobalOpenTelemetry.set(HANDLE);
      published = true;
    }
    owner = instance;
    ownerDescription = description;
    HANDLE.setDelegate(sdk);
  }

  /** Detaches the instance (on close): the global handle goes back to no-op. */
  static synchronized void detach(Object instance) {
    if (owner == instance) {
      owner = null;
      ownerDescription = null;
      HANDLE.setDelegate(OpenTelemetry.noop());
    }
  }

  /** Forgets everything, including the global. For tests only. */
  public static synchronized void resetForTest() {
    owner = null;
    ownerDescription = null;
    published = false;
    HANDLE.setDelegate(OpenTelemetry.noop());
    GlobalOpenTelemetry.resetForTest();
  }
}
