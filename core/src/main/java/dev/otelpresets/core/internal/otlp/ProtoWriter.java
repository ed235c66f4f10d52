package dev.otelpresets.core.internal.otlp;

import io.opentelemetry.api.internal.OtelEncodingUtils;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Protobuf wire format written in one pass into a reusable growable array. A nested message's
 * length is reserved as one byte before its payload and patched in after it (the payload shifted
 * right in the rare case the length needs more bytes), so no size pass runs. Strings are encoded as
 * {@link String#getBytes} encodes them (UTF-8, an unpaired surrogate as {@code '?'}), which is what
 * the SDK's marshalers write. Not thread-safe.
 */
final class ProtoWriter {
  /** Larger arrays are dropped after use, so one huge span does not stay referenced. */
  private static final int KEEP_BYTES = 64 * 1024;

  private static final int INITIAL_BYTES = 8192;

  /** Strings up to this length are checked for ASCII and copied char by char (no allocation). */
  static final int SHORT_STRING = 48;

  private byte[] buf = new byte[INITIAL_BYTES];
  private int pos;

  /** The UTF-8 of the last {@link #stage}d string, or null when it is ASCII and written from it. */
  private byte[] staged;

  /** Where the next byte goes. */
  int position() {
    return pos;
  }

  /** Bytes {@code [from, position())}, copied. */
  byte[] copy(int from) {
    return Arrays.copyOfRange(buf, from, pos);
  }

  /** Empties the array for the next use; drops it when one use made it large. */
  void release() {
    if (buf.length > KEEP_BYTES) {
      buf = new byte[INITIAL_BYTES];
    }
    pos = 0;
    staged = null;
  }

  /** Leaves {@code n} bytes unwritten at the start, for a prefix written later ({@link #prefix}). */
  void skip(int n) {
    ensure(n);
    pos += n;
  }

  /**
   * Writes {@code tag} and the length of {@code [from, position())} just before {@code from}, in
   * the bytes left by {@link #skip}; returns where the prefix starts.
   */
  int prefix(int tag, int from) {
    int length = pos - from;
    int start = from - varintSize(tag) - varintSize(length);
    int p = putVarint(start, tag);
    putVarint(p, length);
    return start;
  }

  private void ensure(int n) {
    if (buf.length - pos < n) {
      long wanted = Math.max(2L * buf.length, (long) pos + n);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("span too large to serialize: " + wanted + " bytes");
      }
      buf = Arrays.copyOf(buf, (int) wanted);
    }
  }

  void writeByte(int b) {
    ensure(1);
    buf[pos++] = (byte) b;
  }

  /** An unsigned 32-bit varint (a negative int as the SDK writes a uint32: five bytes). */
  void writeVarint(int value) {
    ensure(5);
    pos = putVarint(pos, value);
  }

  private int putVarint(int p, int value) {
    return putVarint(buf, p, value);
  }

  /** Writes {@code value} as an unsigned varint into {@code b} at {@code p}; returns the end. */
  static int putVarint(byte[] b, int p, int value) {
    while ((value & ~0x7F) != 0) {
      b[p++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    b[p++] = (byte) value;
    return p;
  }

  /** Copies bytes {@code [0, position())} into {@code dst} at {@code at}. */
  void copyTo(byte[] dst, int at) {
    System.arraycopy(buf, 0, dst, at, pos);
  }

  void writeVarint64(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buf[pos++] = (byte) value;
  }

  void writeFixed32(int value) {
    ensure(4);
    buf[pos++] = (byte) value;
    buf[pos++] = (byte) (value >>> 8);
    buf[pos++] = (byte) (value >>> 16);
    buf[pos++] = (byte) (value >>> 24);
  }

  void writeFixed64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[pos++] = (byte) (value >>> (8 * i));
    }
  }

  void writeBytes(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
  }

  /** The remaining bytes of {@code bytes}, its position unchanged. */
  void writeBytes(ByteBuffer bytes) {
    int n = bytes.remaining();
    ensure(n);
    bytes.get(bytes.position(), buf, pos, n);
    pos += n;
  }

  /** Two hex digits per byte, as in trace and span ids. */
  void writeBase16(CharSequence hex) {
    int n = hex.length() / 2;
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[pos++] = OtelEncodingUtils.byteFromBase16(hex.charAt(2 * i), hex.charAt(2 * i + 1));
    }
  }

  /** Starts a message field: its tag and a one-byte length to be patched by {@link #end}. */
  int begin(int tag) {
    writeVarint(tag);
    writeByte(0);
    return pos;
  }

  /** Ends the message begun at {@code payload}: patches its length in, shifting if it is long. */
  void end(int payload) {
    int length = pos - payload;
    if (length < 0x80) {
      buf[payload - 1] = (byte) length;
      return;
    }
    int extra = varintSize(length) - 1;
    ensure(extra);
    System.arraycopy(buf, payload, buf, payload + extra, length);
    putVarint(payload - 1, length);
    pos += extra;
  }

  /**
   * The UTF-8 length of {@code s}; its bytes are held for the next {@link #writeStaged} (made now
   * unless {@code s} is short ASCII, which is copied from the string then).
   */
  int stage(String s) {
    int n = s.length();
    if (n <= SHORT_STRING && isAscii(s, n)) {
      staged = null;
      return n;
    }
    // the JDK's encoder: a vectorized copy for Latin-1 strings, '?' for unpaired surrogates
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    staged = utf8;
    return utf8.length;
  }

  private static boolean isAscii(String s, int n) {
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes {@code s} when it is short ASCII, its UTF-8 as it is; otherwise writes nothing and
   * returns false (the caller then rewinds what it wrote for it and stages it).
   */
  boolean writeShortAscii(String s) {
    int n = s.length();
    if (n > SHORT_STRING) {
      return false;
    }
    ensure(n);
    byte[] b = buf;
    int p = pos;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return false;
      }
      b[p + i] = (byte) c;
    }
    pos = p + n;
    return true;
  }

  /** Moves the write position back to {@code position}, dropping what was written after it. */
  void rewind(int position) {
    pos = position;
  }

  /** The bytes of {@code s}, which was the last string {@link #stage}d. */
  void writeStaged(String s) {
    byte[] utf8 = staged;
    if (utf8 != null) {
      staged = null;
      writeBytes(utf8);
      return;
    }
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
  }

  /** A string field, written even when empty. */
  void writeString(int tag, String s) {
    int n = stage(s);
    writeVarint(tag);
    writeVarint(n);
    writeStaged(s);
  }

  /** A string field, left out when empty (proto3's default). */
  void serializeString(int tag, String s) {
    if (!s.isEmpty()) {
      writeString(tag, s);
    }
  }

  static int varintSize(int value) {
    if ((value & ~0x7F) == 0) {
      return 1;
    }
    if ((value & ~0x3FFF) == 0) {
      return 2;
    }
    if ((value & ~0x1FFFFF) == 0) {
      return 3;
    }
    if ((value & ~0xFFFFFFF) == 0) {
      return 4;
    }
    return 5;
  }

  static int varint64Size(long value) {
    int size = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      size++;
    }
    return size;
  }
}
