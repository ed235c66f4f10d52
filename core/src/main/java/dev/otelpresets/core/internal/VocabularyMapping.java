package dev.otelpresets.core.internal;

import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.genai.GenAiContent;
import dev.otelpresets.support.internal.OwnerMapper;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's vocabulary: the one place a preset's {@link AttributeMapper} is called. A mapper that
 * throws (or returns null) costs that span its vocabulary, never the span: the span goes on with
 * the attributes it came with, and the error is logged at most once a minute. Backends mapping the
 * same fan-out span with the same (or an equal) mapper, limit and input share one call of it
 * ({@link SharedContentSpan#map}): a mapper that keeps state across spans must not claim to equal
 * another instance. An {@link OwnerMapper} shares only its stateless part that way; its own step,
 * and the state it keeps, run for this owner alone.
 */
final class VocabularyMapping implements SpanStage {
  private static final Logger log = LoggerFactory.getLogger(VocabularyMapping.class);
  private static final long ERROR_LOG_INTERVAL_NANOS = 60_000_000_000L;

  private final ExporterOwner owner;
  private final AttributeMapper mapper;
  private final int attributeLimit;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong lastErrorLog = new AtomicLong(Long.MIN_VALUE);

  VocabularyMapping(ExporterOwner owner, AttributeMapper mapper, int attributeLimit) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.attributeLimit = attributeLimit;
  }

  @Override
  public SpanData apply(SpanData span) {
    Attributes out;
    try {
      SpanData exported = OwnerSpan.original(span);
      if (mapper instanceof OwnerMapper owned) {
        // the stateless part shared, this owner's step (and state) its own
        AttributeMapper shared = owned.shared();
        GenAiContent content = SharedContentSpan.contentFor(exported, span.getAttributes());
        out =
            owned.map(
                span,
                content,
                attributeLimit,
                () -> sharedCall(exported, span, shared, () -> content));
      } else {
        out =
            sharedCall(
                exported,
                span,
                mapper,
                () -> SharedContentSpan.contentFor(exported, span.getAttributes()));
      }
      if (out == null) {
        throw new NullPointerException("mapper returned null");
      }
    } catch (RuntimeException | StackOverflowError e) {
      failures.incrementAndGet();
      logError(span, e);
      return span;
    }
    return OwnerSpan.withAttributes(span, out);
  }

  /**
   * {@code m}'s output for {@code span}: one call of it shared by every backend that maps the same
   * fan-out span the same way ({@link SharedContentSpan#map}); {@code content} is asked for only
   * when this backend makes the call.
   */
  private Attributes sharedCall(
      SpanData exported, SpanData span, AttributeMapper m, Supplier<GenAiContent> content) {
    return SharedContentSpan.map(
        exported, span, m, attributeLimit, () -> m.map(span, content.get(), attributeLimit));
  }

  /** Spans that went on unmapped because the mapper failed. */
  long failures() {
    return failures.get();
  }

  private void logError(SpanData span, Throwable e) {
    long now = System.nanoTime();
    long last = lastErrorLog.get();
    if ((last == Long.MIN_VALUE || now - last > ERROR_LOG_INTERVAL_NANOS)
        && lastErrorLog.compareAndSet(last, now)) {
      log.error(
          "otel-presets: the '{}' mapper failed on span '{}' ({} failure(s) so far);"
              + " exporting the canonical span instead",
          owner,
          span.getName(),
          failures.get(),
          e);
    }
  }

  @Override
  public String describe() {
    return "map:" + owner.id();
  }
}
