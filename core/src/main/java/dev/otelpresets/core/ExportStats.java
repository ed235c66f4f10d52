package dev.otelpresets.core;

import java.util.Objects;

/**
 * What one backend's exporter did so far: spans handed to the transport and accepted, spans whose
 * export failed, spans dropped because the backend's bounded queue was full, spans abandoned at
 * shutdown (still queued, in the hand-off to the backend or being exported when {@code close()}
 * gave up waiting), spans left out by the backend's {@code sample_ratio} (whole traces, never
 * queued), and the last failure in words (never a credential).
 *
 * <p>After {@code close()} the numbers are final and, for a backend fed by the framework's own
 * pipeline, account for every span handed to it: {@code exportedSpans + failedSpans +
 * droppedSpans + abandonedSpans + sampledOutSpans} is the number of spans it was given. Before, a
 * span being exported is in none of them, and {@code abandonedSpans} is 0.
 */
public record ExportStats(
    String owner,
    long exportedSpans,
    long failedSpans,
    long droppedSpans,
    long abandonedSpans,
    long sampledOutSpans,
    String lastFailure) {
  public ExportStats {
    Objects.requireNonNull(owner, "owner");
  }

  /** Stats with nothing sampled out (a backend at {@code sample_ratio} 1). */
  public ExportStats(
      String owner,
      long exportedSpans,
      long failedSpans,
      long droppedSpans,
      long abandonedSpans,
      String lastFailure) {
    this(owner, exportedSpans, failedSpans, droppedSpans, abandonedSpans, 0, lastFailure);
  }

  /** Stats with nothing abandoned (any time before shutdown) and nothing sampled out. */
  public ExportStats(
      String owner, long exportedSpans, long failedSpans, long droppedSpans, String lastFailure) {
    this(owner, exportedSpans, failedSpans, droppedSpans, 0, 0, lastFailure);
  }
}
