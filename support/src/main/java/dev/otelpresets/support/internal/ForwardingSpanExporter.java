package dev.otelpresets.support.internal;

import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * An exporter that hands every batch it exports, unchanged, to {@link #forwardsTo()} (or fails
 * it without sending anything), adding only what happens around the send, such as fetching a token
 * first. The core looks through it to the transport behind, e.g. to cut a batch into requests by
 * the exact sizes that transport will write. Internal: not a stable API.
 */
public interface ForwardingSpanExporter extends SpanExporter {
  /** The exporter every batch goes on to. */
  SpanExporter forwardsTo();
}
