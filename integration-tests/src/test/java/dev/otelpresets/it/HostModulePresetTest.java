package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.Multibinder;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.guice.OtelPresetsModule;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An in-house backend needs no jar: the host's own Guice module contributes its preset through a
 * {@code Multibinder<PresetProvider>}, {@code callbacks:} selects it by name beside a
 * ServiceLoader preset, and its receiver gets the spans over real OTLP in its own vocabulary.
 */
class HostModulePresetTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private OtlpReceiver inHouse;
  private OtlpReceiver x;

  /** The host's backend: endpoint and token from its settings, its own keys. */
  static final class InHousePreset implements PresetProvider {
    static final ExporterOwner OWNER = ExporterOwner.of("in-house");

    @Override
    public String name() {
      return "in-house";
    }

    @Override
    public Set<String> aliases() {
      return Set.of();
    }

    @Override
    public ExporterOwner owner() {
      return OWNER;
    }

    @Override
    public List<SettingSpec> settings() {
      return List.of(
          SettingSpec.builder("endpoint").required().build(),
          SettingSpec.builder("token").required().secret().build());
    }

    @Override
    public Preset create(PresetSettings settings) {
      return Preset.builder(OWNER)
          .exporter(
              ExporterSpec.builder(OWNER)
                  .endpoint(settings.require("endpoint"))
                  .secretHeader("Authorization", "Bearer " + settings.require("token"))
                  .build())
          .mapper(
              (span, content, limit) -> {
                String model = span.getAttributes().get(GenAiAttributes.REQUEST_MODEL);
                return model == null
                    ? span.getAttributes()
                    : span.getAttributes().toBuilder()
                        .put(AttributeKey.stringKey("inhouse.model"), model)
                        .build();
              })
          .resourceOverlay(Attributes.of(AttributeKey.stringKey("inhouse.team"), "platform"))
          .build();
    }
  }

  static final class HostModule extends AbstractModule {
    @Override
    protected void configure() {
      Multibinder.newSetBinder(binder(), PresetProvider.class).addBinding().to(InHousePreset.class);
    }
  }

  @BeforeEach
  void start() {
    inHouse = OtlpReceiver.start("in-house receiver");
    x = OtlpReceiver.start("x receiver");
  }

  @AfterEach
  void stop() {
    inHouse.close();
    x.close();
  }

  private OtelPresets.Builder builder(String callbacks) {
    return OtelPresets.builder()
        .environment(
            Map.of(
                "X_ENDPOINT", x.baseUrl(), "X_TOKEN", "x-token", "OTEL_BSP_SCHEDULE_DELAY", "50"))
        .configYaml(
            """
            callbacks: [%s]
            settings: {publish_global: false, shutdown_hook: false}
            presets:
              in-house:
                endpoint: %s
                token: inhouse-token
            """
                .formatted(callbacks, inHouse.tracesUrl()));
  }

  @Test
  void theHostsPresetIsSelectedByNameAndItsReceiverGetsTheSpans() {
    Injector injector =
        Guice.createInjector(new HostModule(), new OtelPresetsModule(builder("in-house, x")));
    GenAiTelemetry telemetry = injector.getInstance(GenAiTelemetry.class);
    try {
      assertEquals(List.of("in-house", "x"), telemetry.presetNames());
      LlmCall call =
          telemetry.startCall(
              LlmRequest.builder().provider("openai").requestModel("gpt-4o").build());
      call.end(LlmResponse.builder().responseModel("gpt-4o-2024-08-06").build());
      assertTrue(telemetry.forceFlush(WAIT));

      ReceivedSpan atHome = inHouse.awaitSpans(1, WAIT).get(0);
      assertEquals("gpt-4o", atHome.stringAttribute("inhouse.model"));
      assertEquals("platform", atHome.resourceAttributes().get("inhouse.team"));
      assertEquals("Bearer inhouse-token", atHome.request().header("authorization"));
      ReceivedSpan atX = x.awaitSpans(1, WAIT).get(0);
      assertEquals(atHome.spanId(), atX.spanId(), "one span, two backends");
      assertFalse(atX.attributes().containsKey("inhouse.model"), "vocabulary per exporter");
      assertFalse(atX.resourceAttributes().containsKey("inhouse.team"));
      assertEquals(
          1,
          telemetry.exportStats().stream()
              .filter(s -> s.owner().equals("in-house"))
              .findFirst()
              .orElseThrow()
              .exportedSpans());
    } finally {
      telemetry.close();
    }
  }

  @Test
  void anUnknownCallbackNamesTheHostsPresetAmongThoseFound() {
    CreationException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            CreationException.class,
            () ->
                Guice.createInjector(new HostModule(), new OtelPresetsModule(builder("in-hose"))));
    String m = e.getCause().getMessage();
    assertTrue(m.contains("unknown callback 'in-hose'"), m);
    assertTrue(m.contains("Did you mean 'in-house'"), m);
    assertTrue(m.contains("in-house") && m.contains("x (alias x_otel)"), m);
    inHouse.assertNoMoreSpans(Duration.ofMillis(100));
  }
}
