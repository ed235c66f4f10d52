package dev.otelpresets.core.internal;

import dev.otelpresets.core.internal.otlp.RecordEncoder;
import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.genai.GenAiContent;
import dev.otelpresets.support.internal.AttributesInOrder;
import dev.otelpresets.support.internal.ParsedContent;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * An ended span as the fan-out hands it to every backend: the span itself, plus what the backends
 * can share of their work on it, each made at most once for all of them:
 *
 * <ul>
 *   <li>its GenAI content, parsed when the first mapper asks ({@link ParsedContent});
 *   <li>each distinct vocabulary mapping of it: backends whose mapper is the same (or equal), with
 *       the same attribute limit, handed the same attributes, share one mapper call ({@link
 *       #map});
 *   <li>the OTLP bytes of each mapped output, shared by the backends that send it, and extended
 *       (not made again) for an output that only adds attributes after another's ({@link
 *       #record}).
 * </ul>
 *
 * Every backend's batch processor gets the same {@link #toSpanData()} snapshot, taken once, which
 * points at this span's one {@link Memo}. A backend whose content policy or stage changed the span
 * hands its mapper other attributes, so it gets a mapping and bytes of its own. The memo lives
 * exactly as long as the span is queued somewhere: no cache outlives it. Internal.
 */
public final class SharedContentSpan extends ForwardingReadableSpan {
  private final Memo memo = new Memo();
  // one for every backend: the SDK's snapshot takes the span's lock, which the seven export
  // threads took at about the same time, and the snapshot is immutable. The fan-out wraps ended
  // spans only, so no snapshot misses a later change
  private volatile Snapshot snapshot;

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
      ParsedContent shared = s.memo.content(s.getAttributes());
      if (shared.readsSameAs(mapped)) {
        return shared;
      }
    }
    return new ParsedContent(mapped);
  }

  /**
   * {@code mapper}'s output for {@code span} (a view of the snapshot {@code exported} that differs
   * from it in attributes and resource at most): made by {@code map}, or shared with a backend that
   * mapped the same attributes and resource with the same (or an equal) mapper and limit. Not
   * shared when {@code span} is not such a view: a span that did not pass the fan-out, or one a
   * stage rewrote otherwise.
   */
  static Attributes map(
      SpanData exported,
      SpanData span,
      AttributeMapper mapper,
      int attributeLimit,
      Supplier<Attributes> map) {
    if (exported instanceof Snapshot s && (span == s || span instanceof OwnerSpan)) {
      return s.memo.mapping(mapper, attributeLimit, span).output(map);
    }
    return map.get();
  }

  /**
   * {@code span}'s OTLP bytes: shared with every backend that sends the same mapped output of the
   * same fan-out span (its resource aside, which is not in a span's bytes); else extended from
   * the bytes of an output that {@code span}'s attributes begin with ({@link
   * RecordEncoder#extend}); else encoded whole.
   */
  public static byte[] record(SpanData span, RecordEncoder encoder) {
    if (span instanceof OwnerSpan o && OwnerSpan.original(o) instanceof Snapshot s) {
      // a view differs from the snapshot in attributes, their total count and resource only,
      // and a span's bytes hold no resource: equal attributes, equal bytes
      return s.memo.record(o.getAttributes()).bytes(span, encoder, s.memo);
    }
    return encoder.encode(span);
  }

  /**
   * What a soft reference still holds, or null. The memo holds each mapped output and its bytes
   * softly: every backend's queue holds the span, so a backend that hangs with a full queue would
   * otherwise keep every other backend's mapping and bytes of each queued span alive (several
   * times the span's own size), until its queue moves. Softly held, the collector may drop them
   * before it runs out of memory; a backend that then asks makes its own again.
   */
  static <T> T get(SoftReference<T> ref) {
    return ref == null ? null : ref.get();
  }

  /**
   * Drops what the memo of {@code exported} (a fan-out snapshot) holds softly, as the collector
   * may under memory pressure. For tests.
   */
  static void dropSoftlyHeld(SpanData exported) {
    if (exported instanceof Snapshot s) {
      s.memo.dropSoftlyHeld();
    }
  }

  /** What the backends share of one span. */
  private static final class Memo {
    private static final Mapping[] NO_MAPPINGS = new Mapping[0];
    private static final Record[] NO_RECORDS = new Record[0];

    private volatile ParsedContent content;
    // at most one each per backend, so a few. Copied on write under this memo's lock and read
    // without it: the backends' export threads take the same spans at about the same time, and
    // on one lock per span they spun against each other (the record look-up was the export
    // threads' largest self time under all7)
    private volatile Mapping[] mappings = NO_MAPPINGS;
    private volatile Record[] records = NO_RECORDS;

    ParsedContent content(Attributes attributes) {
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

    Mapping mapping(AttributeMapper mapper, int limit, SpanData input) {
      Attributes attributes = input.getAttributes();
      Resource resource = input.getResource();
      Mapping[] seen = mappings;
      Mapping found = findMapping(seen, 0, mapper, limit, attributes, resource);
      if (found != null) {
        return found;
      }
      synchronized (this) {
        Mapping[] current = mappings;
        // only those added since the look-up above can match now
        found = findMapping(current, seen.length, mapper, limit, attributes, resource);
        if (found != null) {
          return found;
        }
        Mapping m = new Mapping(mapper, limit, attributes, resource);
        mappings = appended(current, m);
        return m;
      }
    }

    /** A copy of {@code in} with {@code item} last: the arrays are replaced, never written. */
    private static <T> T[] appended(T[] in, T item) {
      T[] more = Arrays.copyOf(in, in.length + 1);
      more[in.length] = item;
      return more;
    }

    private static Mapping findMapping(
        Mapping[] in,
        int from,
        AttributeMapper mapper,
        int limit,
        Attributes attributes,
        Resource resource) {
      for (int i = from; i < in.length; i++) {
        if (in[i].matches(mapper, limit, attributes, resource)) {
          return in[i];
        }
      }
      return null;
    }

    /** The bytes of the span with these attributes: this instance first, else an equal one. */
    synchronized void dropSoftlyHeld() {
      for (Mapping m : mappings) {
        m.input.clear();
        m.output = null;
      }
      for (Record r : records) {
        r.attributes.clear();
        r.bytes = null;
      }
    }

    Record record(Attributes attributes) {
      Record[] seen = records;
      Record found = findRecord(seen, 0, attributes);
      if (found != null) {
        return found;
      }
      synchronized (this) {
        Record[] current = records;
        // only those added since the look-up above can match now
        found = findRecord(current, seen.length, attributes);
        if (found != null) {
          return found;
        }
        Record r = new Record(attributes);
        records = appended(current, r);
        return r;
      }
    }

    private static Record findRecord(Record[] in, int from, Attributes attributes) {
      for (int i = from; i < in.length; i++) {
        if (get(in[i].attributes) == attributes) {
          return in[i];
        }
      }
      for (int i = from; i < in.length; i++) {
        Attributes a = get(in[i].attributes); // once collected, never matched again
        if (a != null && AttributesInOrder.same(a, attributes)) {
          return in[i];
        }
      }
      return null;
    }

    /**
     * The longest bytes held of another output that {@code attributes} begin with, in order,
     * written with {@code dropped} as the span's dropped-attributes count; or null.
     */
    synchronized Base base(Attributes attributes, int dropped) {
      Base best = null;
      for (Record r : records) {
        Attributes a = get(r.attributes);
        byte[] b = get(r.bytes);
        if (a != null
            && b != null // read before dropped, which was set before the bytes
            && r.dropped == dropped
            && a.size() < attributes.size()
            && (best == null || a.size() > best.shared)
            && AttributesInOrder.startsWith(attributes, a)) {
          best = new Base(b, a.size());
        }
      }
      return best;
    }
  }

  /** Bytes to extend: a record of the span with its first {@code shared} attributes. */
  private record Base(byte[] bytes, int shared) {}

  /**
   * One mapping of the span, made once by the first backend that needs it while the others wait
   * for it (rather than make it again).
   */
  private static final class Mapping {
    private final AttributeMapper mapper;
    private final int limit;
    private final SoftReference<Attributes> input; // softly, as the output: see get
    private final Resource resource;
    private volatile SoftReference<Attributes> output;

    Mapping(AttributeMapper mapper, int limit, Attributes input, Resource resource) {
      this.mapper = mapper;
      this.limit = limit;
      this.input = new SoftReference<>(input);
      this.resource = resource;
    }

    boolean matches(AttributeMapper mapper, int limit, Attributes input, Resource resource) {
      Attributes in = get(this.input); // once collected, never matched again
      return this.limit == limit
          && in != null
          && (this.mapper == mapper || this.mapper.equals(mapper))
          && (in == input || in.equals(input))
          && (this.resource == resource || this.resource.equals(resource));
    }

    /** The output; a mapper that throws or returns null leaves it to the next backend to try. */
    Attributes output(Supplier<Attributes> map) {
      Attributes out = get(output);
      if (out == null) {
        synchronized (this) {
          out = get(output);
          if (out == null) {
            out = map.get();
            output = out == null ? null : new SoftReference<>(out);
          }
        }
      }
      return out;
    }
  }

  /** The bytes of one distinct output, made once by the first backend that sends it. */
  private static final class Record {
    private final SoftReference<Attributes> attributes; // softly, as the bytes: see get
    private volatile SoftReference<byte[]> bytes;
    // the dropped-attributes count written in the bytes; set before them
    private int dropped;

    Record(Attributes attributes) {
      this.attributes = new SoftReference<>(attributes);
    }

    byte[] bytes(SpanData span, RecordEncoder encoder, Memo memo) {
      byte[] b = get(bytes);
      if (b == null) {
        synchronized (this) {
          b = get(bytes);
          if (b == null) {
            Attributes attributes = span.getAttributes();
            int dropped = span.getTotalAttributeCount() - attributes.size();
            Base base = memo.base(attributes, dropped);
            b =
                base == null
                    ? encoder.encode(span)
                    : encoder.extend(base.bytes(), span, base.shared());
            this.dropped = dropped;
            bytes = new SoftReference<>(b);
          }
        }
      }
      return b;
    }
  }

  /**
   * {@code span} without the framework's internal keys: made by {@code strip} once for every
   * backend when {@code span} is a fan-out snapshot (the result is immutable, a view of the
   * snapshot or the snapshot itself), else made now.
   */
  static SpanData stripped(SpanData span, UnaryOperator<SpanData> strip) {
    if (span instanceof Snapshot s) {
      SpanData out = s.stripped;
      if (out == null) {
        out = strip.apply(s); // two backends racing make equal views: either may stay
        s.stripped = out;
      }
      return out;
    }
    return strip.apply(span);
  }

  @Override
  public SpanData toSpanData() {
    Snapshot s = snapshot;
    if (s == null) {
      s = new Snapshot(span.toSpanData(), memo); // two racing make equal snapshots of one memo
      snapshot = s;
    }
    return s;
  }

  /** The backends' snapshot of the span, pointing at the span's shared memo. */
  private static final class Snapshot extends DelegatingSpanData {
    private final Memo memo;
    private volatile SpanData stripped;

    Snapshot(SpanData delegate, Memo memo) {
      super(delegate);
      this.memo = memo;
    }
  }
}
