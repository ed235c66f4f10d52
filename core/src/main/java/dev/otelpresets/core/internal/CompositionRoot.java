package dev.otelpresets.core.internal;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import dev.otelpresets.core.Environment;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.core.discovery.PresetRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one composition root: every mode assembles the framework from the same Guice modules —
 * configuration, discovery (ServiceLoader plus host-contributed presets), the export pipeline
 * and, in library mode, the runtime and its lifecycle. {@code OtelPresets.builder()} and the
 * public {@code OtelPresetsModule} use {@link #libraryModule}; the Java agent / autoconfigure
 * customizer uses {@link #resolve} and {@link #pipeline} (the same modules, the pipeline's in a
 * child injector made when the host's SDK is built); the Spring starter goes through {@code
 * OtelPresets}.
 * Internal: not a stable API.
 */
public final class CompositionRoot {
  private CompositionRoot() {}

  /** Configuration and discovery: the presets resolved and built, before any SDK. */
  public static Module coreModule(
      OtelPresetsConfig config, Environment env, Supplier<PresetRegistry> discovered) {
    return new AbstractModule() {
      @Override
      protected void configure() {
        install(new ConfigModule(config, env));
        install(new DiscoveryModule(discovered));
      }
    };
  }

  /** The core, the export pipeline and the library runtime: binds {@link GenAiTelemetry}. */
  public static Module libraryModule(
      OtelPresetsConfig config, Environment env, Supplier<PresetRegistry> discovered) {
    return new AbstractModule() {
      @Override
      protected void configure() {
        install(coreModule(config, env, discovered));
        install(new ExportPipelineModule(PipelineHooks.NONE, true));
        install(new RuntimeModule());
      }
    };
  }

  /** Starts the library mode in an injector of its own. */
  public static GenAiTelemetry startLibrary(
      OtelPresetsConfig config, Environment env, Supplier<PresetRegistry> discovered) {
    return unwrapped(
        () ->
            Guice.createInjector(libraryModule(config, env, discovered))
                .getInstance(GenAiTelemetry.class));
  }

  /**
   * The core for an SDK someone else builds (Java agent, autoconfigure), its presets resolved
   * now so that a bad config fails here; {@link #pipeline} adds the export pipeline later, when
   * that SDK's tracer provider is built.
   */
  public static Injector resolve(
      OtelPresetsConfig config, Environment env, Supplier<PresetRegistry> discovered) {
    return unwrapped(
        () -> {
          Injector injector = Guice.createInjector(coreModule(config, env, discovered));
          injector.getInstance(PresetSelection.class);
          return injector;
        });
  }

  /** The presets {@code resolved} selected. */
  public static PresetSelection selection(Injector resolved) {
    return resolved.getInstance(PresetSelection.class);
  }

  /** The export pipeline over {@code resolved}'s presets, with the mode's {@code hooks}. */
  public static ExportPipeline pipeline(Injector resolved, PipelineHooks hooks) {
    return unwrapped(
        () ->
            resolved
                .createChildInjector(new ExportPipelineModule(hooks, false))
                .getInstance(ExportPipeline.class));
  }

  /**
   * Runs {@code start}, turning Guice's wrapping of a failure while building (a config error, a
   * global conflict) back into that failure, so callers without Guice see the one clear error.
   */
  static <T> T unwrapped(Supplier<T> start) {
    try {
      return start.get();
    } catch (CreationException e) {
      throw rethrowable(e.getErrorMessages(), e);
    } catch (ProvisionException e) {
      throw rethrowable(e.getErrorMessages(), e);
    }
  }

  private static RuntimeException rethrowable(Collection<Message> messages, RuntimeException e) {
    List<Throwable> causes = new ArrayList<>();
    for (Message m : messages) {
      Throwable c = m.getCause();
      while (c instanceof ProvisionException p && p.getCause() != null) {
        c = p.getCause();
      }
      if (c != null) {
        causes.add(c);
      }
    }
    if (causes.size() == 1 && causes.get(0) instanceof RuntimeException r) {
      return r;
    }
    if (causes.size() == 1 && causes.get(0) instanceof Error err) {
      throw err;
    }
    return e;
  }
}
