package dev.otelpresets.presets.phoenix;

import dev.otelpresets.support.internal.HeaderValues;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code PHOENIX_CLIENT_HEADERS}: extra headers for every Phoenix export, as Phoenix's own client
 * reads them ({@code parse_env_headers} in phoenix-otel {@code src/phoenix/otel/settings.py}): a
 * comma-separated list of {@code name=value} in the W3C Baggage format, each side percent-decoded
 * (UTF-8) and trimmed, names lower-cased, empty entries skipped, a later name replacing an earlier
 * one.
 *
 * <p>Where Phoenix's client logs a warning and skips an entry it cannot read, we refuse the whole
 * setting with one message: a header silently missing is an authentication failure later, far from
 * its cause. The message names the setting and the entry's position (and the header name when it
 * is a valid one), never a value: the setting is secret. A decoded value must be printable ASCII
 * on one line — a percent-encoded line break ({@code %0D%0A}) would otherwise split the request.
 */
final class PhoenixClientHeaders {
  private PhoenixClientHeaders() {}

  /**
   * Parses the setting's value.
   *
   * @param what names the setting in errors, e.g. {@code presets.phoenix.client_headers (or
   *     environment variable PHOENIX_CLIENT_HEADERS)}
   * @return the headers in order, names lower-cased
   * @throws IllegalArgumentException naming {@code what} and the entry, never a value
   */
  static Map<String, String> parse(String value, String what) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] entries = value.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      String where = what + ": entry " + (i + 1);
      if (eq < 0) {
        throw new IllegalArgumentException(
            where
                + " has no '='; write the headers as"
                + " name=value pairs separated by commas, e.g. 'x-team=a,x-env=prod' (values are not"
                + " shown)");
      }
      String name = percentDecode(entry.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      if (!isToken(name)) {
        throw new IllegalArgumentException(
            where
                + " has "
                + (name.isEmpty()
                    ? "an empty header name"
                    : "a header name that is not a valid HTTP"
                        + " header name (letters, digits and !#$%&'*+-.^_`|~ only)")
                + "; fix the name before the '=' (values are not shown)");
      }
      String decoded = percentDecode(entry.substring(eq + 1)).trim();
      Optional<String> problem = HeaderValues.problem(decoded);
      if (problem.isPresent()) {
        throw new IllegalArgumentException(
            where
                + " (header '"
                + name
                + "') "
                + problem.get()
                + " once percent-decoded; "
                + HeaderValues.FIX);
      }
      out.put(name, decoded);
    }
    return Collections.unmodifiableMap(out);
  }

  /** RFC 9110 token: the characters a header name may have. */
  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code %XX} sequences decoded as UTF-8 bytes, everything else kept — Python's {@code
   * urllib.parse.unquote}, which Phoenix's client uses: unlike {@link java.net.URLDecoder}, a
   * {@code +} stays a plus (base64 tokens keep theirs) and a malformed {@code %} is kept as is.
   */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = hex(s.charAt(i + 1));
        int lo = hex(s.charAt(i + 2));
        if (hi >= 0 && lo >= 0) {
          bytes.write(hi << 4 | lo);
          i += 3;
          continue;
        }
      }
      flush(bytes, out);
      out.append(c);
      i++;
    }
    flush(bytes, out);
    return out.toString();
  }

  /** An ASCII hex digit's value, else -1 ({@link Character#digit} takes other scripts' digits). */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes.size() > 0) {
      out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
      bytes.reset();
    }
  }
}
