package dev.otelpresets.agent;

import dev.otelpresets.core.Tenant;
import dev.otelpresets.core.internal.TenantRouter;
import dev.otelpresets.core.internal.TraceScopedAttributes;
import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a request marked with plain OpenTelemetry API calls to a tenant and an identity, as
 * {@code GenAiTelemetry.bindTenant} and the recording API do: the application sets {@value
 * #TENANT_KEY} (a tenant id of {@code tenants.credentials}) and the identity keys ({@code user.id},
 * {@code gen_ai.conversation.id} or {@code session.id}, {@code otelpresets.tags}, {@code
 * otelpresets.metadata}) on its
 * current span, usually the server span, and every span of the trace still open or started later
 * gets the identity and the internal tenant routing key ({@link TenantRouter#TENANT_ID}).
 *
 * <p>An attribute set after a span started is seen by nothing until something happens to the
 * span, so a marker is read when a child of the marked span starts (the parent's attributes) and
 * when the marked span ends; spans that ended before either are not routed. Credentials come from
 * the operator's configuration only; an unknown tenant id leaves the trace on the static
 * credentials and is said in one line at most once a minute, the id sanitised.
 */
final class RequestMarkers {
  private static final Logger log = LoggerFactory.getLogger(RequestMarkers.class);

  /** The span attribute naming the request's tenant. Stripped before any export. */
  static final String TENANT_KEY = "otelpresets.tenant";

  static final AttributeKey<String> TENANT = AttributeKey.stringKey(TENANT_KEY);

  /** The request-level keys copied onto every span of the trace, as the recording API does. */
  static final List<AttributeKey<?>> IDENTITY =
      List.of(
          GenAiAttributes.USER_ID,
          GenAiAttributes.CONVERSATION_ID,
          GenAiAttributes.TAGS,
          GenAiAttributes.METADATA);

  /**
   * The OpenTelemetry (and OpenInference) session key, taken as the session when {@code
   * gen_ai.conversation.id} is not set: copied onto the trace as {@code gen_ai.conversation.id}.
   */
  static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("session.id");

  private static final long UNKNOWN_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  static final int MAX_LOGGED_ID_LENGTH = 64;

  private final TraceScopedAttributes traceScoped;
  private final Map<String, Tenant> tenants;
  private final String source;
  private final AtomicLong lastUnknownLog = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong unknown = new AtomicLong();

  /**
   * @param tenants the operator's tenants by id ({@code tenants.credentials})
   * @param source where they were configured, for messages
   */
  RequestMarkers(TraceScopedAttributes traceScoped, Map<String, Tenant> tenants, String source) {
    this.traceScoped = Objects.requireNonNull(traceScoped, "traceScoped");
    this.tenants = Map.copyOf(tenants);
    this.source = Objects.requireNonNull(source, "source");
  }

  /** A span started: the markers of its parent (local) and those it was started with. */
  void onStart(Context parentContext, ReadWriteSpan span) {
    traceScoped.onStart(parentContext, span);
    String traceId = span.getSpanContext().getTraceId();
    if (Span.fromContext(parentContext) instanceof ReadableSpan parent
        && parent.getSpanContext().getTraceId().equals(traceId)) {
      bind(traceId, marks(parent), span);
    }
    bind(traceId, marks(span), span);
  }

  /** A span ended: its markers reach the trace's spans still open and those still to start. */
  void onEnd(ReadableSpan span) {
    bind(span.getSpanContext().getTraceId(), marks(span), null);
    traceScoped.onEnd(span);
  }

  /** Applies {@code marks} to the trace unless {@code started} (just started) already has them. */
  private void bind(String traceId, Attributes marks, ReadableSpan started) {
    if (marks.isEmpty() || (started != null && carries(started, marks))) {
      return; // the trace is bound already: the new span got the marks at its start
    }
    traceScoped.apply(traceId, marks);
  }

  private static boolean carries(ReadableSpan span, Attributes marks) {
    boolean[] all = {true};
    marks.forEach(
        (k, v) -> {
          if (all[0] && !v.equals(span.getAttribute(k))) {
            all[0] = false;
          }
        });
    return all[0];
  }

  /** The identity and tenant routing keys {@code span} carries. */
  private Attributes marks(ReadableSpan span) {
    AttributesBuilder b = null;
    for (AttributeKey<?> k : IDENTITY) {
      Object v = span.getAttribute(k);
      if (v != null) {
        b = b == null ? Attributes.builder() : b;
        put(b, k, v);
      }
    }
    String session = span.getAttribute(SESSION_ID);
    if (session != null && span.getAttribute(GenAiAttributes.CONVERSATION_ID) == null) {
      b = b == null ? Attributes.builder() : b;
      b.put(GenAiAttributes.CONVERSATION_ID, session);
    }
    String marker = span.getAttribute(TENANT);
    if (marker != null) {
      String id = span.getAttribute(TenantRouter.TENANT_ID);
      if (id == null) {
        id = resolve(marker);
      }
      if (id != null) {
        b = b == null ? Attributes.builder() : b;
        b.put(TenantRouter.TENANT_ID, id);
      }
    }
    return b == null ? Attributes.empty() : b.build();
  }

  @SuppressWarnings("unchecked")
  private static <T> void put(AttributesBuilder b, AttributeKey<T> k, Object v) {
    b.put(k, (T) v);
  }

  /** The configured tenant id {@code marker} names, or null (said at most once a minute). */
  String resolve(String marker) {
    String id = marker.strip();
    if (tenants.containsKey(id)) {
      return id;
    }
    long n = unknown.incrementAndGet();
    long now = System.nanoTime();
    long last = lastUnknownLog.get();
    if ((last == Long.MIN_VALUE || now - last > UNKNOWN_LOG_INTERVAL_NANOS)
        && lastUnknownLog.compareAndSet(last, now)) {
      log.warn(
          "otel-presets: span attribute {} = '{}' names no tenant of tenants.credentials"
              + " in {} ({} configured); that request's spans use each backend's static credentials"
              + " ({} span(s) so far carried or inherited an unknown tenant id; said at most once a"
              + " minute)",
          TENANT_KEY,
          sanitise(id),
          source,
          tenants.size(),
          n);
    }
    return null;
  }

  /** Markers naming no configured tenant so far. */
  long unknownMarkers() {
    return unknown.get();
  }

  /** {@code id} safe for one log line: printable ASCII, at most {@link #MAX_LOGGED_ID_LENGTH}. */
  static String sanitise(String id) {
    StringBuilder sb = new StringBuilder(Math.min(id.length(), MAX_LOGGED_ID_LENGTH) + 16);
    int i = 0;
    for (; i < id.length() && sb.length() < MAX_LOGGED_ID_LENGTH; i++) {
      char c = id.charAt(i);
      sb.append(c >= ' ' && c < 127 && c != '\'' ? c : '?');
    }
    if (i < id.length()) {
      sb.append("…(").append(id.length()).append(" chars)");
    }
    return sb.toString();
  }
}
