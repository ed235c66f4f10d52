package dev.otelpresets.core.internal.otlp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Just enough protobuf wire format to find a length-delimited field in bytes the SDK wrote. A
 * field's position is packed in a long: its tag's offset in the high half, its end in the low.
 */
final class Protobuf {
  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  private Protobuf() {}

  /** The first length-delimited field {@code number} in {@code [from, to)}. */
  static long field(byte[] b, int from, int to, int number) {
    int pos = from;
    while (pos < to) {
      int start = pos;
      long tag = varint(b, pos);
      pos = next(tag);
      int wireType = (int) value(tag) & 7;
      int end;
      switch (wireType) {
        case VARINT -> end = next(varint(b, pos));
        case FIXED64 -> end = pos + 8;
        case FIXED32 -> end = pos + 4;
        case LENGTH_DELIMITED -> {
          long length = varint(b, pos);
          end = next(length) + (int) value(length);
        }
        default -> throw new IllegalStateException("unexpected wire type " + wireType);
      }
      if (end > to) {
        throw new IllegalStateException("truncated field at " + start);
      }
      if (wireType == LENGTH_DELIMITED && (value(tag) >>> 3) == number) {
        return ((long) start << 32) | end;
      }
      pos = end;
    }
    throw new IllegalStateException("no field " + number);
  }

  /** Every field in {@code [from, to)}, in order: its number and its bytes (tag included). */
  static List<Map.Entry<Integer, String>> fields(byte[] b, int from, int to) {
    List<Map.Entry<Integer, String>> fields = new ArrayList<>();
    int pos = from;
    while (pos < to) {
      int start = pos;
      long tag = varint(b, pos);
      pos = next(tag);
      int wireType = (int) value(tag) & 7;
      pos =
          switch (wireType) {
            case VARINT -> next(varint(b, pos));
            case FIXED64 -> pos + 8;
            case FIXED32 -> pos + 4;
            case LENGTH_DELIMITED -> {
              long length = varint(b, pos);
              yield next(length) + (int) value(length);
            }
            default -> throw new IllegalStateException("unexpected wire type " + wireType);
          };
      if (pos > to) {
        throw new IllegalStateException("truncated field at " + start);
      }
      fields.add(
          Map.entry(
              (int) (value(tag) >>> 3),
              new String(b, start, pos - start, StandardCharsets.ISO_8859_1)));
    }
    return fields;
  }

  static int start(long field) {
    return (int) (field >>> 32);
  }

  static int end(long field) {
    return (int) field;
  }

  /** Where the field's message starts, past its tag and length. */
  static int payloadStart(byte[] b, long field) {
    return next(varint(b, next(varint(b, start(field)))));
  }

  /** A varint at {@code pos}: its value (at most 32 bits here) and the offset after it, packed. */
  private static long varint(byte[] b, int pos) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte x = b[pos++];
      value |= (long) (x & 0x7f) << shift;
      if (x >= 0) {
        return (value << 32) | pos;
      }
    }
    throw new IllegalStateException("malformed varint");
  }

  private static long value(long varint) {
    return varint >>> 32;
  }

  private static int next(long varint) {
    return (int) varint;
  }
}
