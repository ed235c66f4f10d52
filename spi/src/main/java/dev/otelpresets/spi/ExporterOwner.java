package dev.otelpresets.spi;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The backend an exporter belongs to, whose vocabulary, overlay and credentials apply to it. Not an
 * enum: a third-party preset defines its own with {@link #of(String)}. Ids are lower case, start
 * with a letter and hold only letters, digits, {@code _}, {@code -} and {@code .} (e.g. {@code
 * acme.tracing}).
 * @since 0.1
 */
public final class ExporterOwner {
  private static final Pattern VALID_ID = Pattern.compile("[a-z][a-z0-9_.-]{0,62}");

  /** The operator's own collector, configured by the standard {@code OTEL_*} variables. */
  public static final ExporterOwner OTEL = new ExporterOwner("otel");

  /** The owner of the Arize AX preset, {@code arize}. */
  public static final ExporterOwner ARIZE = new ExporterOwner("arize");

  /** The owner of the Arize Phoenix preset (self-hosted or Cloud), {@code phoenix}. */
  public static final ExporterOwner PHOENIX = new ExporterOwner("phoenix");

  /** The owner of the Langfuse preset, {@code langfuse}. */
  public static final ExporterOwner LANGFUSE = new ExporterOwner("langfuse");

  /** The owner of the W&amp;B Weave preset, {@code weave}. */
  public static final ExporterOwner WEAVE = new ExporterOwner("weave");

  /** The owner of the Levo AI preset, {@code levo}. */
  public static final ExporterOwner LEVO = new ExporterOwner("levo");

  /** The owner of the AgentOps preset, {@code agentops}. */
  public static final ExporterOwner AGENTOPS = new ExporterOwner("agentops");

  private final String id;

  private ExporterOwner(String id) {
    this.id = id;
  }

  /** Returns the owner with this id.
   * @throws IllegalArgumentException if the id is not well-formed (see the class comment) */
  public static ExporterOwner of(String id) {
    Objects.requireNonNull(id, "id");
    if (!isValidId(id)) {
      throw new IllegalArgumentException(
          "invalid exporter owner id '"
              + id
              + "': use lower case letters, digits, '_', '-' or '.', starting with a letter"
              + " (at most 63 characters)");
    }
    return new ExporterOwner(id);
  }

  /** Whether {@code id} is a well-formed owner id. */
  public static boolean isValidId(String id) {
    return id != null && VALID_ID.matcher(id).matches();
  }

  /** The owner's id, for example {@code langfuse}. */
  public String id() {
    return id;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ExporterOwner && ((ExporterOwner) o).id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return id;
  }
}
