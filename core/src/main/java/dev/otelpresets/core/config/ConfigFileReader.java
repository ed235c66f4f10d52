package dev.otelpresets.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * Reads a configuration file as UTF-8 text, refusing what is not one: a directory, a pipe or
 * device (a FIFO blocks forever, {@code /dev/zero} never ends), a file over the size bound, binary
 * data, text in another encoding. Every refusal is one line naming the file, what is wrong and
 * what to do.
 */
final class ConfigFileReader {
  private ConfigFileReader() {}

  static String read(Path file, int maxBytes) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class); // follows links
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          "config file "
              + file
              + " does not exist. Check the path"
              + " (relative paths are resolved from "
              + Path.of("").toAbsolutePath()
              + ").");
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    if (attributes.isDirectory()) {
      throw new ConfigException(
          "config file "
              + file
              + " is a directory. Pass the path of the"
              + " YAML file inside it, e.g. "
              + file.resolve("otel-presets.yaml")
              + ".");
    }
    if (!attributes.isRegularFile()) {
      // reading a FIFO blocks until a writer comes; a device may never end
      throw new ConfigException(
          "config file "
              + file
              + " is not a regular file (a pipe, device"
              + " or socket), so it is not read. Write the configuration to a regular file and pass"
              + " that path.");
    }
    if (attributes.size() > maxBytes) {
      throw tooLarge(file, maxBytes);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      // bounded even if the file grows after the size check
      bytes = in.readNBytes(maxBytes + 1);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    if (bytes.length > maxBytes) {
      throw tooLarge(file, maxBytes);
    }
    return decode(file, bytes);
  }

  private static ConfigException tooLarge(Path file, int maxBytes) {
    return new ConfigException(
        "config file "
            + file
            + " is larger than "
            + maxBytes
            + " bytes (1 MiB), the most a configuration file may hold. Check that the path names"
            + " the configuration and not a data or log file; a configuration needs a few kilobytes.");
  }

  private static ConfigException unreadable(Path file, IOException e) {
    if (e instanceof AccessDeniedException) {
      return new ConfigException(
          "cannot read config file "
              + file
              + ": permission denied."
              + " Make the file readable by the user running otel-presets (e.g. chmod a+r).");
    }
    String reason =
        e.getMessage() == null
            ? e.getClass().getSimpleName()
            : e.getMessage().replace(file.toString(), "").replaceAll("^[:\\s]+", "").trim();
    return new ConfigException(
        "cannot read config file "
            + file
            + ": "
            + oneLine(reason)
            + ". Check that the path names a readable YAML file.");
  }

  private static String oneLine(String s) {
    return s.isEmpty() ? "unknown I/O error" : s.replaceAll("[\\r\\n\\t]+", " ");
  }

  static String decode(Path file, byte[] bytes) {
    int start = 0;
    String wide = wideEncoding(bytes);
    if (wide != null) {
      // its ASCII characters hold NUL bytes: without this it was called a binary file
      throw new ConfigException(
          "config file "
              + file
              + " is "
              + wide
              + " text. Save it as UTF-8 (most editors: 'Save with encoding' > UTF-8).");
    }
    if (bytes.length >= 2
        && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
            || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
      throw new ConfigException(
          "config file "
              + file
              + " is UTF-16 text. Save it as UTF-8"
              + " (most editors: 'Save with encoding' > UTF-8).");
    }
    if (bytes.length >= 3
        && bytes[0] == (byte) 0xEF
        && bytes[1] == (byte) 0xBB
        && bytes[2] == (byte) 0xBF) {
      start = 3; // a UTF-8 byte order mark is harmless
    }
    for (int i = start; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw new ConfigException(
            new ConfigLocation(file.toString(), lineOf(bytes, i), 1),
            null,
            "this is a binary file (it contains a NUL byte), not YAML text. Pass the path of the"
                + " YAML configuration.");
      }
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length - start);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int at = in.position(); // the first byte that is not UTF-8
      throw new ConfigException(
          new ConfigLocation(file.toString(), lineOf(bytes, at), 1),
          null,
          "the file is not valid UTF-8 text (byte 0x"
              + String.format(Locale.ROOT, "%02X", bytes[Math.min(at, bytes.length - 1)] & 0xFF)
              + " at offset "
              + at
              + "). Save it as UTF-8, or check that the path names the"
              + " YAML configuration and not a binary file.");
    }
    return out.flip().toString();
  }

  /**
   * "UTF-32" for a UTF-32 byte order mark (whose first bytes are UTF-16's), "UTF-16" for UTF-16
   * without one (ASCII text with a NUL in every other byte), else null.
   */
  private static String wideEncoding(byte[] bytes) {
    if (bytes.length >= 4
        && (bytes[0] == 0 && bytes[1] == 0 && bytes[2] == (byte) 0xFE && bytes[3] == (byte) 0xFF
            || bytes[0] == (byte) 0xFF
                && bytes[1] == (byte) 0xFE
                && bytes[2] == 0
                && bytes[3] == 0)) {
      return "UTF-32";
    }
    int n = Math.min(bytes.length, 64) & ~1;
    if (n < 4) {
      return null;
    }
    boolean evenNul = true;
    boolean oddNul = true;
    for (int i = 0; i < n; i += 2) {
      evenNul &= bytes[i] == 0 && bytes[i + 1] != 0;
      oddNul &= bytes[i] != 0 && bytes[i + 1] == 0;
    }
    return evenNul || oddNul ? "UTF-16" : null;
  }

  private static int lineOf(byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }
}
