package dev.otelpresets.core.internal;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Collection;
import java.util.Objects;

/**
 * An {@link OpenTelemetry} that forwards to whatever SDK is attached now — the safe early-binding
 * handle. A {@link Tracer} obtained before the SDK starts resolves the real tracer on every {@code
 * spanBuilder} call, so a component that grabbed its tracer early is not stuck on a no-op. Meters
 * and loggers are resolved when requested: obtain them after start.
 */
public final class DelegatingOpenTelemetry implements OpenTelemetry {
  private volatile OpenTelemetry delegate = OpenTelemetry.noop();
  private final TracerProvider tracerProvider = new LateTracerProvider();
  private final ContextPropagators propagators = ContextPropagators.create(new LatePropagator());

  /** Points this handle at {@code sdk} (or back at no-op with {@link OpenTelemetry#noop()}). */
  public void setDelegate(OpenTelemetry sdk) {
    this.delegate = Objects.requireNonNull(sdk, "sdk");
  }

  public OpenTelemetry delegate() {
    return delegate;
  }

  @Override
  public TracerProvider getTracerProvider() {
    return tracerProvider;
  }

  @Override
  public MeterProvider getMeterProvider() {
    return new MeterProvider() {
      @Override
      public MeterBuilder meterBuilder(String name) {
        return delegate.getMeterProvider().meterBuilder(name);
      }
    };
  }

  @Override
  public LoggerProvider getLogsBridge() {
    return delegate.getLogsBridge();
  }

  @Override
  public ContextPropagators getPropagators() {
    return propagators;
  }

  @Override
  public String toString() {
    return "DelegatingOpenTelemetry{" + delegate.getClass().getSimpleName() + "}";
  }

  private final class LateTracerProvider implements TracerProvider {
    @Override
    public Tracer get(String name) {
      return new LateTracer(name, null);
    }

    @Override
    public Tracer get(String name, String version) {
      return new LateTracer(name, version);
    }

    @Override
    public TracerBuilder tracerBuilder(String name) {
      return new TracerBuilder() {
        private String version;
        private String schemaUrl;

        @Override
        public TracerBuilder setSchemaUrl(String url) {
          this.schemaUrl = url;
          return this;
        }

        @Override
        public TracerBuilder setInstrumentationVersion(String v) {
          this.version = v;
          return this;
        }

        @Override
        public Tracer build() {
          return new LateTracer(name, version, schemaUrl);
        }
      };
    }
  }

  /** Resolves the tracer of the current delegate, caching it per delegate. */
  private final class LateTracer implements Tracer {
    private final String name;
    private final String version;
    private final String schemaUrl;

    /** The tracer resolved for one delegate, swapped as one value so readers never mix pairs. */
    private record Resolved(OpenTelemetry delegate, Tracer tracer) {}

    private volatile Resolved resolved;

    LateTracer(String name, String version) {
      this(name, version, null);
    }

    LateTracer(String name, String version, String schemaUrl) {
      this.name = name;
      this.version = version;
      this.schemaUrl = schemaUrl;
    }

    private Tracer current() {
      OpenTelemetry d = delegate;
      Resolved r = resolved;
      if (r == null || r.delegate() != d) {
        TracerBuilder b = d.getTracerProvider().tracerBuilder(name);
        if (version != null) {
          b.setInstrumentationVersion(version);
        }
        if (schemaUrl != null) {
          b.setSchemaUrl(schemaUrl);
        }
        r = new Resolved(d, b.build());
        resolved = r;
      }
      return r.tracer();
    }

    @Override
    public SpanBuilder spanBuilder(String spanName) {
      return current().spanBuilder(spanName);
    }
  }

  private final class LatePropagator implements TextMapPropagator {
    @Override
    public Collection<String> fields() {
      return delegate.getPropagators().getTextMapPropagator().fields();
    }

    @Override
    public <C> void inject(
        Context context, C carrier, io.opentelemetry.context.propagation.TextMapSetter<C> setter) {
      delegate.getPropagators().getTextMapPropagator().inject(context, carrier, setter);
    }

    @Override
    public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
      return delegate.getPropagators().getTextMapPropagator().extract(context, carrier, getter);
    }
  }
}
