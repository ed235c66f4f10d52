package dev.otelpresets.core.internal.otlp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.internal.InternalAttributeKeyImpl;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.internal.W3CTraceContextEncoding;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Serializes one span as the SDK's OTLP marshalers do, byte for byte, writing the {@code Span}
 * message of opentelemetry/proto/trace/v1/trace.proto directly in one pass ({@link ProtoWriter}):
 * fields in the SDK's order, proto3 defaults left out where the SDK leaves them out, an attribute
 * key's UTF-8 taken from the key (the API caches it in the key object). Not thread-safe: one
 * encoder per thread at a time.
 */
final class SpanRecordEncoder implements BiConsumer<AttributeKey<?>, Object> {
  // ScopeSpans
  private static final int SCOPE_SPANS_SPANS = 0x12;
  // Span
  private static final int TRACE_ID = 0x0A;
  private static final int SPAN_ID = 0x12;
  private static final int TRACE_STATE = 0x1A;
  private static final int PARENT_SPAN_ID = 0x22;
  private static final int NAME = 0x2A;
  private static final int KIND = 0x30;
  private static final int START_TIME = 0x39;
  private static final int END_TIME = 0x41;
  private static final int ATTRIBUTES = 0x4A;
  private static final int DROPPED_ATTRIBUTES = 0x50;
  private static final int EVENTS = 0x5A;
  private static final int DROPPED_EVENTS = 0x60;
  private static final int LINKS = 0x6A;
  private static final int DROPPED_LINKS = 0x70;
  private static final int STATUS = 0x7A;
  private static final int FLAGS = (16 << 3) | 5;
  // Span.Event
  private static final int EVENT_TIME = 0x09;
  private static final int EVENT_NAME = 0x12;
  private static final int EVENT_ATTRIBUTES = 0x1A;
  private static final int EVENT_DROPPED_ATTRIBUTES = 0x20;
  // Span.Link (trace id, span id and trace state numbered as in Span)
  private static final int LINK_ATTRIBUTES = 0x22;
  private static final int LINK_DROPPED_ATTRIBUTES = 0x28;
  private static final int LINK_FLAGS = (6 << 3) | 5;
  // Status
  private static final int STATUS_MESSAGE = 0x12;
  private static final int STATUS_CODE = 0x18;
  // KeyValue, ArrayValue, KeyValueList
  private static final int KEY = 0x0A;
  private static final int VALUE = 0x12;
  private static final int VALUES = 0x0A;
  // AnyValue
  private static final int STRING_VALUE = 0x0A;
  private static final int BOOL_VALUE = 0x10;
  private static final int INT_VALUE = 0x18;
  private static final int DOUBLE_VALUE = 0x21;
  private static final int ARRAY_VALUE = 0x2A;
  private static final int KVLIST_VALUE = 0x32;
  private static final int BYTES_VALUE = 0x3A;
  // span and link flags: whether the parent is remote is known (and, with the second bit, true)
  private static final int HAS_IS_REMOTE = 0x100;
  private static final int IS_REMOTE = 0x200;

  /** Room before the span for its field's tag and length (at most 1 + 5 bytes). */
  private static final int PREFIX = 6;

  private final ProtoWriter out = new ProtoWriter();

  /** The field the attributes being iterated go to (span, event or link attributes). */
  private int attributesTag;

  /** How many of the attributes being iterated are left out still (the first ones). */
  private int skip;

  /** The span's {@code ScopeSpans.spans} field: tag, length and message. */
  byte[] encode(SpanData span) {
    try {
      out.skip(PREFIX);
      writeSpan(span);
      return out.copy(out.prefix(SCOPE_SPANS_SPANS, PREFIX));
    } finally {
      out.release();
    }
  }

  /**
   * {@code span}'s {@code ScopeSpans.spans} field from {@code base}, the field of a span that
   * serializes as {@code span} but for its attributes, which are {@code span}'s first {@code
   * shared}: the base's {@code Span} message followed by {@code span}'s other attributes as more
   * {@code attributes} entries, under a new tag and length ({@link RecordEncoder#extend}).
   */
  byte[] extend(byte[] base, SpanData span, int shared) {
    if (base.length < 2 || base[0] != SCOPE_SPANS_SPANS) {
      throw new IllegalArgumentException("not a span record");
    }
    int at = 1;
    int length = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = base[at++];
      length |= (b & 0x7F) << shift;
      if (b >= 0) {
        break;
      }
    }
    if (at + length != base.length) {
      throw new IllegalArgumentException("not a span record");
    }
    try {
      attributesTag = ATTRIBUTES;
      skip = shared;
      span.getAttributes().forEach(this);
      int total = length + out.position();
      byte[] record = new byte[1 + ProtoWriter.varintSize(total) + total];
      record[0] = SCOPE_SPANS_SPANS;
      int p = ProtoWriter.putVarint(record, 1, total);
      System.arraycopy(base, at, record, p, length);
      out.copyTo(record, p + length);
      return record;
    } finally {
      skip = 0;
      out.release();
    }
  }

  private void writeSpan(SpanData span) {
    SpanContext context = span.getSpanContext();
    writeIds(context);
    SpanContext parent = span.getParentSpanContext();
    if (parent.isValid()) {
      out.writeByte(PARENT_SPAN_ID);
      out.writeByte(8);
      out.writeBase16(parent.getSpanId());
    }
    String name = span.getName();
    if (name != null) {
      out.serializeString(NAME, name);
    }
    out.writeByte(KIND);
    out.writeByte(kind(span.getKind()));
    fixed64(START_TIME, span.getStartEpochNanos());
    fixed64(END_TIME, span.getEndEpochNanos());
    Attributes attributes = span.getAttributes();
    writeAttributes(ATTRIBUTES, attributes);
    uint32(DROPPED_ATTRIBUTES, span.getTotalAttributeCount() - attributes.size());
    List<EventData> events = span.getEvents();
    for (int i = 0; i < events.size(); i++) {
      writeEvent(events.get(i));
    }
    uint32(DROPPED_EVENTS, span.getTotalRecordedEvents() - events.size());
    List<LinkData> links = span.getLinks();
    for (int i = 0; i < links.size(); i++) {
      writeLink(links.get(i));
    }
    uint32(DROPPED_LINKS, span.getTotalRecordedLinks() - links.size());
    writeStatus(span.getStatus());
    out.writeVarint(FLAGS);
    out.writeFixed32(flags(context, parent.isRemote()));
  }

  /** Trace id, span id and trace state: the first fields of a span and of a link alike. */
  private void writeIds(SpanContext context) {
    out.writeByte(TRACE_ID);
    out.writeByte(16);
    out.writeBase16(context.getTraceId());
    out.writeByte(SPAN_ID);
    out.writeByte(8);
    out.writeBase16(context.getSpanId());
    TraceState state = context.getTraceState();
    if (!state.isEmpty()) {
      out.serializeString(TRACE_STATE, W3CTraceContextEncoding.encodeTraceState(state));
    }
  }

  private static int flags(SpanContext context, boolean remote) {
    int flags = context.getTraceFlags().asByte() & 0xFF;
    return remote ? flags | HAS_IS_REMOTE | IS_REMOTE : flags | HAS_IS_REMOTE;
  }

  /** The proto's SpanKind numbering (0 is UNSPECIFIED, which the SDK never writes). */
  private static int kind(SpanKind kind) {
    return switch (kind) {
      case INTERNAL -> 1;
      case SERVER -> 2;
      case CLIENT -> 3;
      case PRODUCER -> 4;
      case CONSUMER -> 5;
    };
  }

  private void writeEvent(EventData event) {
    int payload = out.begin(EVENTS);
    fixed64(EVENT_TIME, event.getEpochNanos());
    String name = event.getName();
    if (name != null) {
      out.serializeString(EVENT_NAME, name);
    }
    Attributes attributes = event.getAttributes();
    writeAttributes(EVENT_ATTRIBUTES, attributes);
    uint32(EVENT_DROPPED_ATTRIBUTES, event.getTotalAttributeCount() - attributes.size());
    out.end(payload);
  }

  private void writeLink(LinkData link) {
    int payload = out.begin(LINKS);
    SpanContext context = link.getSpanContext();
    writeIds(context);
    Attributes attributes = link.getAttributes();
    writeAttributes(LINK_ATTRIBUTES, attributes);
    uint32(LINK_DROPPED_ATTRIBUTES, link.getTotalAttributeCount() - attributes.size());
    out.writeByte(LINK_FLAGS);
    out.writeFixed32(flags(context, context.isRemote()));
    out.end(payload);
  }

  private void writeStatus(StatusData status) {
    int payload = out.begin(STATUS);
    out.serializeString(STATUS_MESSAGE, status.getDescription());
    StatusCode code = status.getStatusCode();
    if (code == StatusCode.OK) {
      out.writeByte(STATUS_CODE);
      out.writeByte(1);
    } else if (code == StatusCode.ERROR) {
      out.writeByte(STATUS_CODE);
      out.writeByte(2);
    }
    out.end(payload);
  }

  /** A fixed64 field, left out when 0 (proto3's default), as the SDK does. */
  private void fixed64(int tag, long value) {
    if (value != 0) {
      out.writeByte(tag);
      out.writeFixed64(value);
    }
  }

  /** A uint32 field, left out when 0; a negative count is written as the SDK writes it. */
  private void uint32(int tag, int value) {
    if (value != 0) {
      out.writeByte(tag);
      out.writeVarint(value);
    }
  }

  private void writeAttributes(int tag, Attributes attributes) {
    if (attributes.isEmpty()) {
      return;
    }
    attributesTag = tag;
    attributes.forEach(this); // in the SDK's order: the attributes' own
  }

  /** One attribute as a {@code KeyValue} field (the {@link Attributes#forEach} callback). */
  @Override
  public void accept(AttributeKey<?> key, Object value) {
    if (skip > 0) {
      skip--; // in the base record already
      return;
    }
    byte[] keyUtf8 = keyUtf8(key);
    int keyField =
        keyUtf8.length == 0 ? 0 : 1 + ProtoWriter.varintSize(keyUtf8.length) + keyUtf8.length;
    AttributeType type = key.getType();
    if (type == AttributeType.STRING) {
      writeStringAttribute(keyField, keyUtf8, (String) value);
      return;
    }
    // other scalars: every length known before writing, nothing patched
    switch (type) {
      case BOOLEAN -> {
        writeKeyValueHead(keyField, keyUtf8, 2);
        out.writeByte(BOOL_VALUE);
        out.writeByte((Boolean) value ? 1 : 0);
      }
      case LONG -> {
        long v = (Long) value;
        writeKeyValueHead(keyField, keyUtf8, 1 + ProtoWriter.varint64Size(v));
        out.writeByte(INT_VALUE);
        out.writeVarint64(v);
      }
      case DOUBLE -> {
        writeKeyValueHead(keyField, keyUtf8, 9);
        out.writeByte(DOUBLE_VALUE);
        out.writeFixed64(Double.doubleToRawLongBits((Double) value));
      }
      default -> {
        // arrays and AnyValue attributes: lengths patched in after
        int kv = out.begin(attributesTag);
        writeKey(keyField, keyUtf8);
        int any = out.begin(VALUE);
        writeAttributeValue(key, value);
        out.end(any);
        out.end(kv);
      }
    }
  }

  private void writeStringAttribute(int keyField, byte[] keyUtf8, String s) {
    int n = s.length();
    if (n <= ProtoWriter.SHORT_STRING) {
      // short: written as if ASCII in one pass, rewound in the rare case it is not
      int mark = out.position();
      writeKeyValueHead(keyField, keyUtf8, 2 + n);
      out.writeByte(STRING_VALUE);
      out.writeByte(n);
      if (out.writeShortAscii(s)) {
        return;
      }
      out.rewind(mark);
    }
    int utf8 = out.stage(s);
    writeKeyValueHead(keyField, keyUtf8, 1 + ProtoWriter.varintSize(utf8) + utf8);
    out.writeByte(STRING_VALUE);
    out.writeVarint(utf8);
    out.writeStaged(s);
  }

  private static byte[] keyUtf8(AttributeKey<?> key) {
    if (key instanceof InternalAttributeKeyImpl<?> k) {
      return k.getKeyUtf8(); // encoded once per key object, held by it
    }
    return key.getKey().getBytes(StandardCharsets.UTF_8);
  }

  /** The {@code KeyValue} field's tag and length, its key, and the value's tag and length. */
  private void writeKeyValueHead(int keyField, byte[] keyUtf8, int anyValue) {
    out.writeByte(attributesTag);
    out.writeVarint(keyField + 1 + ProtoWriter.varintSize(anyValue) + anyValue);
    writeKey(keyField, keyUtf8);
    out.writeByte(VALUE);
    out.writeVarint(anyValue);
  }

  /** The key field, left out when the key is empty (as the SDK does). */
  private void writeKey(int keyField, byte[] keyUtf8) {
    if (keyField != 0) {
      out.writeByte(KEY);
      out.writeVarint(keyUtf8.length);
      out.writeBytes(keyUtf8);
    }
  }

  /** An array or AnyValue attribute's {@code AnyValue} fields. */
  private void writeAttributeValue(AttributeKey<?> key, Object value) {
    switch (key.getType()) {
      case STRING_ARRAY -> {
        int array = out.begin(ARRAY_VALUE);
        for (Object s : (List<?>) value) {
          int element = out.begin(VALUES);
          out.writeString(STRING_VALUE, (String) s);
          out.end(element);
        }
        out.end(array);
      }
      case BOOLEAN_ARRAY -> {
        int array = out.begin(ARRAY_VALUE);
        for (Object b : (List<?>) value) {
          out.writeByte(VALUES);
          out.writeByte(2);
          out.writeByte(BOOL_VALUE);
          out.writeByte((Boolean) b ? 1 : 0);
        }
        out.end(array);
      }
      case LONG_ARRAY -> {
        int array = out.begin(ARRAY_VALUE);
        for (Object l : (List<?>) value) {
          long v = (Long) l;
          out.writeByte(VALUES);
          out.writeByte(1 + ProtoWriter.varint64Size(v));
          out.writeByte(INT_VALUE);
          out.writeVarint64(v);
        }
        out.end(array);
      }
      case DOUBLE_ARRAY -> {
        int array = out.begin(ARRAY_VALUE);
        for (Object d : (List<?>) value) {
          out.writeByte(VALUES);
          out.writeByte(9);
          out.writeByte(DOUBLE_VALUE);
          out.writeFixed64(Double.doubleToRawLongBits((Double) d));
        }
        out.end(array);
      }
      case VALUE -> writeAnyValue((Value<?>) value);
      default -> throw new IllegalArgumentException("Unsupported attribute type.");
    }
  }

  /** An {@code AnyValue}'s fields (the message's tag and length are the caller's). */
  private void writeAnyValue(Value<?> value) {
    switch (value.getType()) {
      case STRING -> out.writeString(STRING_VALUE, (String) value.getValue());
      case BOOLEAN -> {
        out.writeByte(BOOL_VALUE);
        out.writeByte((Boolean) value.getValue() ? 1 : 0);
      }
      case LONG -> {
        out.writeByte(INT_VALUE);
        out.writeVarint64((Long) value.getValue());
      }
      case DOUBLE -> {
        out.writeByte(DOUBLE_VALUE);
        out.writeFixed64(Double.doubleToRawLongBits((Double) value.getValue()));
      }
      case ARRAY -> {
        int array = out.begin(ARRAY_VALUE);
        for (Object element : (List<?>) value.getValue()) {
          int any = out.begin(VALUES);
          writeAnyValue((Value<?>) element);
          out.end(any);
        }
        out.end(array);
      }
      case KEY_VALUE_LIST -> {
        int list = out.begin(KVLIST_VALUE);
        for (Object element : (List<?>) value.getValue()) {
          KeyValue kv = (KeyValue) element;
          int pair = out.begin(VALUES);
          out.serializeString(KEY, kv.getKey());
          int any = out.begin(VALUE);
          writeAnyValue(kv.getValue());
          out.end(any);
          out.end(pair);
        }
        out.end(list);
      }
      case BYTES -> {
        ByteBuffer bytes = (ByteBuffer) value.getValue();
        out.writeByte(BYTES_VALUE);
        out.writeVarint(bytes.remaining());
        out.writeBytes(bytes);
      }
      case EMPTY -> {
        // an AnyValue with no field set
      }
    }
  }
}
