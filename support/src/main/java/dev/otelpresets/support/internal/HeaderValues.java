package dev.otelpresets.support.internal;

import dev.otelpresets.spi.ExporterSpec;
import java.util.Objects;
import java.util.Optional;

/**
 * The one check every value that may travel in an HTTP header or gRPC metadata passes, wherever it
 * comes from: a setting in the config file or the environment, a tenant's credentials, a header a
 * preset adds. Surrounding whitespace is removed (keys read from files or written with {@code echo}
 * end in a newline). What a header cannot carry — a line break, another control character, a
 * character outside ASCII — is refused, and the message names where the value came from, never the
 * value. Unstable internal API of the core and the built-in presets.
 */
public final class HeaderValues {
  private HeaderValues() {}

  /**
   * Returns {@code value} without surrounding whitespace.
   *
   * @param what names the value in the error, e.g. {@code presets.langfuse.secret_key (or
   *     environment variable LANGFUSE_SECRET_KEY)}; never the value itself
   * @throws IllegalArgumentException when what remains cannot be a header value; the message names
   *     {@code what} and the problem, not the value
   */
  public static String clean(String value, String what) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(what, "what");
    String trimmed = value.trim();
    Optional<String> problem = problem(trimmed);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(what + " " + problem.get() + "; " + FIX);
    }
    return trimmed;
  }

  /** How to fix a refused value, said after the problem. */
  public static final String FIX = ExporterSpec.HEADER_VALUE_FIX;

  /**
   * What makes {@code value} unusable as a header value, as words ({@code contains a line break}),
   * or empty when it is fine: {@link ExporterSpec#headerValueProblem}, the SPI's rule.
   */
  public static Optional<String> problem(String value) {
    return ExporterSpec.headerValueProblem(value);
  }

  /** Whether {@code value} contains a line break or another control character (tab allowed). */
  public static boolean hasControlCharacter(String value) {
    Objects.requireNonNull(value, "value");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
