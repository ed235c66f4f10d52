package dev.otelpresets.core.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.otelpresets.core.Environment;
import dev.otelpresets.core.config.OtelPresetsConfig;
import java.util.Objects;

/** The root's export pipeline: one per injector, with the mode's hooks and tenant binding. */
final class ExportPipelineModule extends AbstractModule {
  private final PipelineHooks hooks;
  private final boolean libraryRecords;

  /**
   * @param libraryRecords whether the recording API decides what is recorded (the library mode);
   *     false under a Java agent or another autoconfigured SDK, whose instrumentation decides
   */
  ExportPipelineModule(PipelineHooks hooks, boolean libraryRecords) {
    this.hooks = Objects.requireNonNull(hooks, "hooks");
    this.libraryRecords = libraryRecords;
  }

  @Provides
  @Singleton
  ContentPolicies contentPolicies(
      OtelPresetsConfig config, PresetSelection selection, Environment env) {
    // the global mode is ours only when we record; else only a backend's own mode strips
    return new ContentPolicies(
        config, selection, libraryRecords ? RecordingSettings.contentCapture(config, env) : null);
  }

  @Provides
  @Singleton
  TenantBinding tenantBinding(OtelPresetsConfig config) {
    TenantRouter router = new TenantRouter();
    // the operator's tenants (tenants.credentials), for requests bound to them by id
    config.tenants().values().forEach(router::register);
    return new TenantBinding(router, new TraceScopedAttributes());
  }

  @Provides
  @Singleton
  ExportPipeline pipeline(
      OtelPresetsConfig config,
      PresetSelection selection,
      TenantBinding tenants,
      ContentPolicies contentPolicies) {
    return new ExportPipeline(config, selection, tenants, hooks, contentPolicies);
  }
}
