package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.PresetSettings;
import dev.otelpresets.spi.SettingSpec;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A backend's sample_ratio: a decision by trace id alone, every span left out counted. */
class TraceRatioSpanProcessorTest {
  /** A backend that records what reaches it. */
  private static final class Recording implements SpanProcessor {
    final AtomicInteger passed = new AtomicInteger();
    final Set<String> traces = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      passed.incrementAndGet();
      traces.add(span.getSpanContext().getTraceId());
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }

  private static final SpanProcessor NOWHERE = new Recording();

  @Test
  void aLowerRatioKeepsASubsetAndTheSameRatioTheSameTraces() {
    TraceRatioSpanProcessor half = new TraceRatioSpanProcessor(NOWHERE, 0.5);
    TraceRatioSpanProcessor otherHalf = new TraceRatioSpanProcessor(NOWHERE, 0.5);
    TraceRatioSpanProcessor quarter = new TraceRatioSpanProcessor(NOWHERE, 0.25);
    TraceRatioSpanProcessor none = new TraceRatioSpanProcessor(NOWHERE, 0);
    IdGenerator ids = IdGenerator.random();
    int keptHalf = 0;
    int keptQuarter = 0;
    for (int i = 0; i < 20_000; i++) {
      String traceId = ids.generateTraceId();
      boolean h = half.keeps(traceId);
      assertEquals(h, otherHalf.keeps(traceId), traceId);
      if (quarter.keeps(traceId)) {
        assertTrue(h, "0.25 keeps " + traceId + " which 0.5 leaves out");
        keptQuarter++;
      }
      assertTrue(!none.keeps(traceId), traceId);
      keptHalf += h ? 1 : 0;
    }
    assertTrue(keptHalf > 9_400 && keptHalf < 10_600, "0.5 kept " + keptHalf);
    assertTrue(keptQuarter > 4_500 && keptQuarter < 5_500, "0.25 kept " + keptQuarter);
  }

  @Test
  void everySpanIsEitherPassedOnOrCountedAsSampledOut() {
    Recording backend = new Recording();
    TraceRatioSpanProcessor sampled = new TraceRatioSpanProcessor(backend, 0.5);
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(sampled).build();
    int traces = 400;
    for (int i = 0; i < traces; i++) {
      Span root = provider.get("t").spanBuilder("root").startSpan();
      provider.get("t").spanBuilder("child").setParent(Context.root().with(root)).startSpan().end();
      root.end();
    }
    provider.close();
    int passed = backend.passed.get();
    assertEquals(2L * traces, passed + sampled.sampledOut());
    assertEquals(2 * backend.traces.size(), passed, "whole traces: two spans each");
    assertTrue(sampled.sampledOut() > 0 && passed > 0, passed + " / " + sampled.sampledOut());
  }

  @Test
  void aRatioOutsideZeroToOneIsABug() {
    for (double bad : new double[] {-0.1, 1.01, Double.NaN}) {
      assertThrows(IllegalArgumentException.class, () -> new TraceRatioSpanProcessor(NOWHERE, bad));
    }
  }

  @Test
  void aPresetCannotDeclareAKeyEveryPresetSectionHas() {
    PresetProvider clashing =
        new PresetProvider() {
          @Override
          public String name() {
            return "clash";
          }

          @Override
          public ExporterOwner owner() {
            return ExporterOwner.of("clash");
          }

          @Override
          public List<SettingSpec> settings() {
            return List.of(SettingSpec.builder("sample_ratio").build());
          }

          @Override
          public Preset create(PresetSettings settings) {
            throw new AssertionError("not built");
          }
        };
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ResolvedPresetSettings.resolve(clashing, null, Environment.of(java.util.Map.of())));
    assertEquals(
        "presets.clash.sample_ratio: preset 'clash' declares a setting 'sample_ratio', a"
            + " key every preset section has (sample_ratio, capture_message_content, redact). This is"
            + " a bug in the preset; rename its setting.",
        e.getMessage());
  }
}
