package dev.otelpresets.core.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.otelpresets.core.config.OtelPresetsConfig;
import java.util.Objects;

/** The root's export pipeline: one per injector, with the mode's hooks and tenant binding. */
final class ExportPipelineModule extends AbstractModule {
  private final PipelineHooks hooks;

  ExportPipelineModule(PipelineHooks hooks) {
    this.hooks = Objects.requireNonNull(hooks, "hooks");
  }

  @Provides
  @Singleton
  TenantBinding tenantBinding() {
    return new TenantBinding(new TenantRouter(), new TraceScopedAttributes());
  }

  @Provides
  @Singleton
  ExportPipeline pipeline(OtelPresetsConfig config, PresetSelection selection,
      TenantBinding tenants) {
    return new ExportPipeline(config, selection, tenants, hooks);
  }
}
