package dev.otelpresets.core.internal;

import dev.otelpresets.core.internal.otlp.OtlpHttpRecordSpanExporter;
import dev.otelpresets.core.internal.otlp.SpanRecord;
import dev.otelpresets.support.internal.ForwardingSpanExporter;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The last stage before a backend's transport: one large span costs that span only, never its
 * batch. A batch is sent as requests of at most {@link #DEFAULT_MAX_REQUEST_BYTES} (the exact
 * serialized size when the transport is an {@link OtlpHttpRecordSpanExporter}, which serializes the
 * spans here, else the size estimated from above), one after another, so a full batch of large
 * spans never becomes one request a backend must refuse; when a backend still answers 413 to a request of several spans, the
 * request is halved and each half sent again, so only a span that alone is too large fails. Spans not delivered are
 * reported through the result's failure ({@link UndeliveredSpans}) with their count.
 */
final class SizeBoundedSpanExporter implements SpanExporter {
  /**
   * 4 MiB: the default request bound of gRPC servers and of the OpenTelemetry Collector's
   * receivers, the lowest limit among the backends (see docs/limits.md).
   */
  static final long DEFAULT_MAX_REQUEST_BYTES = 4L * 1024 * 1024;

  private final String owner;
  private final SpanExporter delegate;
  private final long maxRequestBytes;
  // the transport that writes the spans' bytes, when it is ours (also behind a forwarding
  // exporter, as AgentOps' token step): the batch is cut by the bytes it will send
  private final OtlpHttpRecordSpanExporter records;

  SizeBoundedSpanExporter(String owner, SpanExporter delegate, long maxRequestBytes) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    if (maxRequestBytes <= 0) {
      throw new IllegalArgumentException("maxRequestBytes must be positive: " + maxRequestBytes);
    }
    this.maxRequestBytes = maxRequestBytes;
    this.records = recordTransport(delegate);
  }

  /** The record transport behind {@code e} and the exporters forwarding to it, or null. */
  private static OtlpHttpRecordSpanExporter recordTransport(SpanExporter e) {
    while (e instanceof ForwardingSpanExporter f) {
      e = f.forwardsTo();
    }
    return e instanceof OtlpHttpRecordSpanExporter r ? r : null;
  }

  /** {@code delegate} behind the default request bound. */
  static SpanExporter wrap(String owner, SpanExporter delegate) {
    return new SizeBoundedSpanExporter(owner, delegate, DEFAULT_MAX_REQUEST_BYTES);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (spans.size() <= 1) {
      return delegate.export(spans); // nothing to cut or halve: the transport's own answer
    }
    Outcome outcome = new Outcome(requests(spans));
    drain(outcome, true);
    return outcome.result;
  }

  /** The batch in order, cut into requests of at most the bound (a larger span goes alone). */
  List<List<SpanData>> requests(Collection<SpanData> spans) {
    if (records != null) {
      return exactRequests(records, spans);
    }
    if (fitsForSure(spans)) {
      // the common case: no string scanned, the batch is one request
      List<List<SpanData>> one = new ArrayList<>(1);
      one.add(new ArrayList<>(spans));
      return one;
    }
    List<List<SpanData>> out = new ArrayList<>();
    List<SpanData> current = new ArrayList<>();
    long size = 0;
    for (SpanData span : spans) {
      long s = estimatedSize(span);
      if (!current.isEmpty() && size + s > maxRequestBytes) {
        out.add(current);
        current = new ArrayList<>();
        size = 0;
      }
      current.add(span);
      size += s;
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  /**
   * The batch serialized by the transport that will send it, cut by the exact sizes of the spans'
   * bytes plus what each run of spans of one resource and scope adds around them.
   */
  private List<List<SpanData>> exactRequests(
      OtlpHttpRecordSpanExporter transport, Collection<SpanData> spans) {
    List<List<SpanData>> out = new ArrayList<>(1);
    List<SpanData> current = new ArrayList<>(spans.size());
    long size = 0;
    SpanData previous = null;
    Overheads overheads = new Overheads();
    for (SpanData span : spans) {
      SpanRecord r = transport.encode(span);
      long s = r.size();
      if (previous == null
          || previous.getResource() != span.getResource()
          || previous.getInstrumentationScopeInfo() != span.getInstrumentationScopeInfo()) {
        s += overheads.of(span); // a group of its own, at most
      }
      if (!current.isEmpty() && size + s > maxRequestBytes) {
        out.add(current);
        current = new ArrayList<>();
        size = overheads.of(span);
        s = r.size();
      }
      current.add(r);
      size += s;
      previous = span;
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  /**
   * What each resource and scope of one batch add around their spans, each computed once: a
   * batch's spans alternate between a few scopes (a server span's, an LLM span's), and computing
   * it builds the SDK's marshalers of both.
   */
  private static final class Overheads {
    private static final int KEPT = 4;
    private final Resource[] resources = new Resource[KEPT];
    private final InstrumentationScopeInfo[] scopes = new InstrumentationScopeInfo[KEPT];
    private final int[] sizes = new int[KEPT];
    private int kept;

    int of(SpanData span) {
      Resource resource = span.getResource();
      InstrumentationScopeInfo scope = span.getInstrumentationScopeInfo();
      for (int i = 0; i < kept; i++) {
        if (resources[i] == resource && scopes[i] == scope) {
          return sizes[i];
        }
      }
      int size = OtlpHttpRecordSpanExporter.overhead(span);
      if (kept < KEPT) {
        resources[kept] = resource;
        scopes[kept] = scope;
        sizes[kept++] = size;
      }
      return size;
    }
  }

  /**
   * Sends the outcome's requests one after another (the transport is built for one export at a
   * time): a request answered 413 is replaced by its two halves, at the front of the queue.
   */
  private void drain(Outcome outcome, boolean calledByExport) {
    boolean first = calledByExport;
    while (true) {
      List<SpanData> request = outcome.queue.pollFirst();
      if (request == null) {
        outcome.finish();
        return;
      }
      CompletableResultCode result;
      try {
        result = delegate.export(request);
      } catch (RuntimeException e) {
        if (first) {
          throw e; // the caller's to report, as for an unbounded transport
        }
        result = CompletableResultCode.ofExceptionalFailure(e);
      }
      first = false;
      if (!result.isDone()) {
        CompletableResultCode r = result;
        r.whenComplete(
            () -> {
              outcome.answered(request, r);
              drain(outcome, false);
            });
        return;
      }
      outcome.answered(request, result); // answered at once: loop instead of recursing
    }
  }

  static boolean isTooLarge(Throwable failure) {
    return failure instanceof FailedExportException.HttpExportException http
        && http.failedWithResponse()
        && http.getResponse().getStatusCode() == 413;
  }

  /**
   * Whether the whole batch is under the bound by a bound that reads no string's characters
   * (every UTF-16 char is at most 3 UTF-8 bytes), so the exact estimate is needed only for
   * batches near or over the limit.
   */
  boolean fitsForSure(Collection<SpanData> spans) {
    long size = 0;
    for (SpanData span : spans) {
      size += size(span, false);
      if (size > maxRequestBytes) {
        return false;
      }
    }
    return true;
  }

  /** The span's OTLP size: exact when it was serialized, else {@link #estimatedSize}. */
  static long sizeOf(SpanData span) {
    return span instanceof SpanRecord r ? r.size() : estimatedSize(span);
  }

  /** The span's OTLP size, estimated from above: its strings in UTF-8 plus field overheads. */
  static long estimatedSize(SpanData span) {
    return size(span, true);
  }

  /** {@code exact}: strings counted in UTF-8 bytes; else 3 bytes per char, without reading them. */
  private static long size(SpanData span, boolean exact) {
    long size =
        96
            + length(span.getName(), exact)
            + attributesSize(span.getAttributes(), exact)
            + length(span.getStatus().getDescription(), exact);
    for (EventData e : span.getEvents()) {
      size += 24 + length(e.getName(), exact) + attributesSize(e.getAttributes(), exact);
    }
    for (LinkData l : span.getLinks()) {
      size += 48 + attributesSize(l.getAttributes(), exact);
    }
    return size;
  }

  private static long attributesSize(Attributes attributes, boolean exact) {
    long[] size = {0};
    attributes.forEach(
        (k, v) -> {
          size[0] += 8 + length(k.getKey(), exact);
          if (v instanceof String s) {
            size[0] += length(s, exact);
          } else if (v instanceof List<?> list) {
            for (Object item : list) {
              size[0] += 4 + (item instanceof String s ? length(s, exact) : 9);
            }
          } else {
            size[0] += 9;
          }
        });
    return size[0];
  }

  private static long length(String s, boolean exact) {
    if (s == null) {
      return 0;
    }
    return exact ? utf8Length(s) : 3L * s.length();
  }

  static long utf8Length(String s) {
    if (s == null) {
      return 0;
    }
    long n = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        n += c < 0x800 || Character.isSurrogate(c) ? 1 : 2; // a pair: 2 chars, 4 bytes
      }
    }
    return n;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "SizeBoundedSpanExporter{" + delegate + "}";
  }

  /** The requests of one batch still to send, and what became of those sent. */
  private static final class Outcome {
    final CompletableResultCode result = new CompletableResultCode();
    final Deque<List<SpanData>> queue;
    int failed; // touched by one request's completion at a time
    Throwable cause;
    boolean alone; // a span failed alone because it was too large
    long largest;

    Outcome(List<List<SpanData>> requests) {
      this.queue = new ArrayDeque<>(requests);
    }

    void answered(List<SpanData> request, CompletableResultCode r) {
      if (r.isSuccess()) {
        return;
      }
      Throwable failure = r.getFailureThrowable();
      if (request.size() > 1 && isTooLarge(failure)) {
        int half = request.size() / 2;
        queue.addFirst(request.subList(half, request.size()));
        queue.addFirst(request.subList(0, half));
        return;
      }
      failed += request.size();
      if (cause == null) {
        cause = failure;
      }
      if (request.size() == 1 && isTooLarge(failure)) {
        alone = true;
        largest = Math.max(largest, sizeOf(request.get(0)));
      }
    }

    void finish() {
      if (failed == 0) {
        result.succeed();
      } else {
        result.failExceptionally(new UndeliveredSpans(failed, cause, alone, largest));
      }
    }
  }

  /**
   * Why some spans of a batch were not delivered, and how many: the others were. Carries no
   * header, body or attribute value.
   */
  static final class UndeliveredSpans extends Exception {
    private static final long serialVersionUID = 1L;

    private final int count;
    private final boolean tooLargeAlone;
    private final long largestBytes;

    UndeliveredSpans(int count, Throwable cause, boolean tooLargeAlone, long largestBytes) {
      super(count + " span(s) not delivered", cause, false, false);
      this.count = count;
      this.tooLargeAlone = tooLargeAlone;
      this.largestBytes = largestBytes;
    }

    int count() {
      return count;
    }

    /** How many of a batch of {@code batchSize} spans failed, given its result's failure. */
    static int failedOf(Throwable failure, int batchSize) {
      return failure instanceof UndeliveredSpans u ? Math.min(u.count, batchSize) : batchSize;
    }

    /** In words, for the backend's log line. */
    String describe(String owner) {
      if (tooLargeAlone) {
        return "413 from "
            + owner
            + ": a span of about "
            + largestBytes
            + " bytes is larger"
            + " than "
            + owner
            + " accepts in one request; that span was dropped and the rest of"
            + " its batch delivered. Lower settings.max_attribute_value_length to keep such"
            + " spans";
      }
      return ExportFailures.describe(owner, getCause());
    }
  }
}
