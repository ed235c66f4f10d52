package dev.otelpresets.spring.internal;

import dev.otelpresets.core.GenAiSpan;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Objects;
import org.springframework.core.Ordered;

/**
 * Records one kind of Spring AI observation as a canonical GenAI span, <em>instead of</em>
 * Micrometer Tracing's default span: being a {@link TracingObservationHandler} ordered before
 * Spring Boot's default one, it is the first match in Boot's tracing handler group for its
 * contexts, so the observation has exactly one span — the canonical one, which Micrometer then
 * makes current in the observation's scopes like any other.
 *
 * @param <T> the observation context
 * @param <S> the recorded operation
 */
public abstract class GenAiTracingHandler<T extends Observation.Context, S extends GenAiSpan>
    implements TracingObservationHandler<T>, Ordered {
  /** Before Spring Boot's default tracing handler (and its propagating ones, which match other contexts). */
  public static final int ORDER = 500;

  private final Tracer tracer;
  private final Class<T> contextType;
  private final Class<?> key;

  protected GenAiTracingHandler(Tracer tracer, Class<T> contextType) {
    this.tracer = Objects.requireNonNull(tracer, "tracer");
    this.contextType = Objects.requireNonNull(contextType, "contextType");
    this.key = getClass();
  }

  /** Starts the operation as a child of the current context. */
  protected abstract S start(T context);

  /** Ends the operation successfully with what the observation holds now. */
  protected abstract void end(T context, S operation);

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Tracer getTracer() {
    return tracer;
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return contextType.isInstance(context);
  }

  @Override
  @SuppressWarnings("try") // the Scope is held for the try block, never read
  public void onStart(T context) {
    // the parent observation's span (a stream starts off the caller's thread), else the current one
    Span parent = getParentSpan(context);
    Context parentContext =
        parent != null ? Context.current().with(OtelSpan.toOtel(parent)) : Context.current();
    S operation;
    try (Scope ignored = parentContext.makeCurrent()) {
      operation = start(context);
    }
    context.put(key, operation);
    getTracingContext(context).setSpan(OtelSpan.fromOtel(operation.span()));
  }

  @Override
  public void onError(T context) {
    S operation = operation(context);
    if (operation != null && context.getError() != null) {
      operation.fail(context.getError());
    }
  }

  @Override
  public void onEvent(Observation.Event event, T context) {
    // Spring AI's events (the prompt and completion as log-like events) are not recorded: the
    // canonical span takes the content from the observation context, under content capture
  }

  @Override
  public void onStop(T context) {
    S operation = operation(context);
    if (operation != null && !operation.isEnded()) {
      end(context, operation);
    }
  }

  @SuppressWarnings("unchecked")
  private S operation(T context) {
    return (S) context.get(key);
  }
}
