package dev.otelpresets.core.guice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.Multibinder;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.discovery.PresetDiscoveryException;
import dev.otelpresets.core.internal.GlobalHandle;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A host contributes a preset of its own through a Guice multibinder, no jar: selected by name
 * beside the ServiceLoader ones, listed in the unknown-callback error, refused when it claims a
 * discovered preset's name.
 */
class HostContributedPresetTest {
  private static final AttributeKey<String> VOCAB = AttributeKey.stringKey("inhouse.model");
  private static final InMemorySpanExporter RECEIVED = InMemorySpanExporter.create();

  /** The in-house backend: its own vocabulary and resource overlay. */
  static final class InHousePreset implements PresetProvider {
    private final String name;

    InHousePreset() {
      this("in-house");
    }

    InHousePreset(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Set<String> aliases() {
      return Set.of();
    }

    @Override
    public ExporterOwner owner() {
      return ExporterOwner.of(name);
    }

    @Override
    public List<SettingSpec> settings() {
      return List.of();
    }

    @Override
    public Preset create(PresetSettings settings) {
      return Preset.builder(owner())
          .exporter(
              ExporterSpec.builder(owner())
                  .endpoint("http://127.0.0.1:9/never-contacted/v1/traces")
                  .customFactory((spec, otlp) -> RECEIVED)
                  .build())
          .mapper(
              (span, content, limit) ->
                  Attributes.of(
                      VOCAB,
                      String.valueOf(span.getAttributes().get(AttributeKey.stringKey("model")))))
          .resourceOverlay(Attributes.of(AttributeKey.stringKey("inhouse.team"), "platform"))
          .build();
    }
  }

  /** The host's own module: the documented one line. */
  static final class HostModule extends AbstractModule {
    @Override
    protected void configure() {
      Multibinder.newSetBinder(binder(), PresetProvider.class).addBinding().to(InHousePreset.class);
    }
  }

  @AfterEach
  void reset() {
    RECEIVED.reset();
    GlobalHandle.resetForTest();
  }

  private static OtelPresets.Builder builder(String callbacks) {
    return OtelPresets.builder()
        .configYaml(
            "callbacks: ["
                + callbacks
                + "]\n"
                + "settings: {publish_global: false, shutdown_hook: false}\n")
        .environment(java.util.Map.of("OTEL_BSP_SCHEDULE_DELAY", "20"));
  }

  @Test
  void aHostModulesPresetIsSelectedByNameAndReceivesSpansInItsVocabulary() {
    Injector injector =
        Guice.createInjector(new HostModule(), new OtelPresetsModule(builder("in-house")));
    GenAiTelemetry t = injector.getInstance(GenAiTelemetry.class);
    try {
      assertEquals(List.of("in-house"), t.presetNames());
      t.openTelemetry()
          .getTracer("host")
          .spanBuilder("call")
          .setAttribute("model", "gpt-4o")
          .startSpan()
          .end();
      assertTrue(t.forceFlush());
      List<SpanData> spans = RECEIVED.getFinishedSpanItems();
      assertEquals(1, spans.size());
      assertEquals(Attributes.of(VOCAB, "gpt-4o"), spans.get(0).getAttributes());
      assertEquals(
          "platform",
          spans.get(0).getResource().getAttribute(AttributeKey.stringKey("inhouse.team")));
      assertEquals(
          1,
          t.exportStats().stream()
              .filter(s -> s.owner().equals("in-house"))
              .findFirst()
              .orElseThrow()
              .exportedSpans());
    } finally {
      t.close();
    }
  }

  @Test
  void anUnknownCallbackListsTheHostsPresetsToo() {
    CreationException e =
        assertThrows(
            CreationException.class,
            () ->
                Guice.createInjector(new HostModule(), new OtelPresetsModule(builder("in-hous"))));
    ConfigException cause = assertInstanceOf(ConfigException.class, e.getCause());
    assertTrue(cause.getMessage().contains("unknown callback 'in-hous'"), cause.getMessage());
    assertTrue(cause.getMessage().contains("in-house"), cause.getMessage());
    assertTrue(
        cause.getMessage().contains("mem-alpha"),
        "ServiceLoader presets listed too: " + cause.getMessage());
  }

  @Test
  void aHostPresetClaimingADiscoveredNameIsRefusedNamingBothClasses() {
    CreationException e =
        assertThrows(
            CreationException.class,
            () ->
                Guice.createInjector(
                    new AbstractModule() {
                      @Override
                      protected void configure() {
                        Multibinder.newSetBinder(binder(), PresetProvider.class)
                            .addBinding()
                            .toInstance(new InHousePreset("mem-alpha"));
                      }
                    },
                    new OtelPresetsModule(builder("mem-alpha"))));
    PresetDiscoveryException cause = assertInstanceOf(PresetDiscoveryException.class, e.getCause());
    assertTrue(cause.getMessage().contains("mem-alpha"), cause.getMessage());
    assertTrue(cause.getMessage().contains(InHousePreset.class.getName()), cause.getMessage());
  }
}
