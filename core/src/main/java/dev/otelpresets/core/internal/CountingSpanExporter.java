package dev.otelpresets.core.internal;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Statistics of one route of an owner (its static transport, or one tenant's client): counts the
 * outcome of every export in the owner's {@link ExportAccount}, and isolates the route — an
 * exception below (while mapping or exporting) costs only this route's spans, counted as failed and
 * said in one line without values (the stack trace only with {@code OTEL_PRESETS_DEBUG} set: an
 * exception message may quote the value the transport refused).
 */
final class CountingSpanExporter implements SpanExporter {
  private static final Logger log = LoggerFactory.getLogger(CountingSpanExporter.class);
  private static final boolean DEBUG = System.getenv("OTEL_PRESETS_DEBUG") != null;

  private final ExportAccount account;
  private final String owner;
  private final String tenantId; // null: the operator's static route
  private final SpanExporter next;

  CountingSpanExporter(ExportAccount account, String owner, String tenantId, SpanExporter next) {
    this.account = Objects.requireNonNull(account, "account");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.tenantId = tenantId;
    this.next = Objects.requireNonNull(next, "next");
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (account.isClosed()) {
      // shutdown gave up on this backend: these spans are already counted as abandoned
      return CompletableResultCode.ofFailure();
    }
    int count = spans.size();
    CompletableResultCode result;
    try {
      result = Objects.requireNonNull(next.export(spans), "the exporter returned no result");
    } catch (RuntimeException thrown) {
      return failed(
          account,
          count,
          "export to "
              + owner
              + " threw "
              + thrown.getClass().getSimpleName()
              + forTenant(tenantId),
          thrown);
    }
    // The caller gets a result of its own, completed once the spans are counted: an action it
    // registers on an already-completed result runs at once, even while ours is still running on
    // the sender's thread, so it could read numbers that do not count this batch yet.
    CompletableResultCode counted = new CompletableResultCode();
    result.whenComplete(
        () -> {
          try {
            count(result, count);
          } finally {
            Throwable failure = result.getFailureThrowable();
            if (result.isSuccess()) {
              counted.succeed();
            } else if (failure == null) {
              counted.fail();
            } else {
              counted.failExceptionally(failure);
            }
          }
        });
    return counted;
  }

  private void count(CompletableResultCode result, int count) {
    if (result.isSuccess()) {
      account.exported(count);
      return;
    }
    // the size-bounded transport says how many of the spans it could not deliver
    int undelivered =
        SizeBoundedSpanExporter.UndeliveredSpans.failedOf(result.getFailureThrowable(), count);
    if (undelivered < count) {
      account.exported(count - undelivered);
    }
    account.failed(
        undelivered,
        ExportFailures.describe(owner, result.getFailureThrowable()) + forTenant(tenantId));
  }

  /** {@code count} spans failed before any export: counted, said in words (class name only). */
  static CompletableResultCode failed(
      ExportAccount account, int count, String failure, RuntimeException thrown) {
    account.failed(count, failure);
    if (DEBUG) {
      log.warn(
          "otel-presets: {} (stack trace shown because OTEL_PRESETS_DEBUG is set)",
          failure,
          thrown);
    }
    return CompletableResultCode.ofFailure();
  }

  static String forTenant(String tenantId) {
    return tenantId == null ? "" : " (tenant '" + tenantId + "')";
  }

  @Override
  public CompletableResultCode flush() {
    return next.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return next.shutdown();
  }

  @Override
  public String toString() {
    return "CountingSpanExporter{owner=" + owner + forTenant(tenantId) + "}";
  }
}
