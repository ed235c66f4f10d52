package dev.otelpresets.core;

import java.util.Objects;

/**
 * What one backend's exporter did so far: spans handed to the transport and accepted, spans whose
 * export failed, spans dropped because the backend's bounded queue was full, and the last failure
 * in words (never a credential).
 */
public record ExportStats(String owner, long exportedSpans, long failedSpans, long droppedSpans,
    String lastFailure) {
  public ExportStats {
    Objects.requireNonNull(owner, "owner");
  }
}
