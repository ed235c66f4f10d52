package dev.otelpresets.core.internal;

import dev.otelpresets.spi.genai.GenAiContent;
import dev.otelpresets.support.internal.ParsedContent;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * An ended span as the fan-out hands it to every backend: the span itself, plus its GenAI content
 * parsed at most once for all of them. Each backend's batch processor takes its own {@link
 * #toSpanData()} snapshot; every snapshot carries this span's one {@link ParsedContent}, which
 * parses when the first mapper asks (on that backend's export thread) and is shared from then on.
 * It lives exactly as long as the span is queued somewhere: no cache outlives it. Internal.
 */
public final class SharedContentSpan extends ForwardingReadableSpan {
  private final Memo memo = new Memo();

  SharedContentSpan(ReadableSpan span) {
    super(span);
  }

  /**
   * {@code span} as a backend gets it from the fan-out, with content of its own that every mapper
   * handed this snapshot shares (for benchmarks that map one span for several backends).
   */
  public static SpanData sharingContent(SpanData span) {
    return new Snapshot(span, new Memo());
  }

  /**
   * The content to hand a mapper with a span whose attributes are {@code mapped} (what the mapper
   * gets: {@code span}'s, or a view of them with some keys stripped): the shared content of the
   * span it was exported from when {@code mapped} holds the same content strings, else its own
   * (a span that did not pass the fan-out, or whose content a stage changed for one backend).
   */
  static GenAiContent contentFor(SpanData exported, Attributes mapped) {
    if (exported instanceof Snapshot s) {
      ParsedContent shared = s.memo.get(s.getAttributes());
      if (shared.readsSameAs(mapped)) {
        return shared;
      }
    }
    return new ParsedContent(mapped);
  }

  /** The span's one content, made by the first snapshot that is mapped. */
  private static final class Memo {
    private volatile ParsedContent content;

    ParsedContent get(Attributes attributes) {
      ParsedContent c = content;
      if (c == null) {
        synchronized (this) {
          c = content;
          if (c == null) {
            c = new ParsedContent(attributes); // parses nothing until a mapper asks
            content = c;
          }
        }
      }
      return c;
    }
  }

  @Override
  public SpanData toSpanData() {
    return new Snapshot(span.toSpanData(), memo);
  }

  /** One backend's snapshot of the span, pointing at the span's shared content. */
  private static final class Snapshot extends DelegatingSpanData {
    private final Memo memo;

    Snapshot(SpanData delegate, Memo memo) {
      super(delegate);
      this.memo = memo;
    }
  }
}
