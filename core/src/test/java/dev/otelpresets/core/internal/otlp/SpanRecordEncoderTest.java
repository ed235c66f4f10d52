package dev.otelpresets.core.internal.otlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The direct span writer produces, for every span, exactly the bytes the SDK's own OTLP marshaler
 * writes for it: random spans with every attribute type (arrays, AnyValue attributes), empty and
 * huge strings, non-ASCII text, emoji, unpaired surrogates, events and links with attributes,
 * trace state, dropped counts, remote parents, trace flags, kinds and statuses. One encoder is
 * reused across all of them, as on an export thread.
 */
class SpanRecordEncoderTest {
  private final SpanRecordEncoder encoder = new SpanRecordEncoder();

  @Test
  void randomSpansEncodeToTheSdksBytes() {
    SplittableRandom random = new SplittableRandom(20261202L);
    for (int i = 0; i < 3000; i++) {
      SpanData span = randomSpan(random, i);
      assertArrayEquals(sdk(span), encoder.encode(span), () -> "span " + span);
    }
  }

  @Test
  void hugeSpansAndLengthsAtVarintBoundariesEncodeToTheSdksBytes() {
    // message lengths around 127/128, 16383/16384 and 2097151/2097152 bytes
    for (int n :
        new int[] {
          0, 1, 100, 110, 115, 120, 125, 126, 127, 128, 16_300, 16_370, 16_384, 2_097_100,
          2_097_140, 2_097_152, 3_000_000
        }) {
      String text = "x".repeat(n);
      SpanData span =
          span(
              "big",
              Attributes.builder()
                  .put("a", text)
                  .put(AttributeKey.stringArrayKey("arr"), List.of(text, "é" + text))
                  .build(),
              List.of(EventData.create(1, text, Attributes.builder().put("e", text).build())),
              StatusData.create(StatusCode.ERROR, text));
      assertArrayEquals(sdk(span), encoder.encode(span), () -> "length " + n);
    }
    // a small span after a huge one: nothing of the huge one is left in the writer
    SpanData small =
        span("small", Attributes.builder().put("k", "v").build(), List.of(), StatusData.unset());
    assertArrayEquals(sdk(small), encoder.encode(small));
  }

  @Test
  void unpairedSurrogatesAndEveryUtf8WidthEncodeAsTheSdkDoes() {
    List<String> texts =
        List.of(
            "\uD83D",
            "\uDE00",
            "a\uD83Db",
            "a\uDE00\uD83D",
            "\uD83D\uD83D\uDE00",
            "😀",
            "é",
            "ÿ",
            "\u0080",
            "\u07FF",
            "\u0800",
            "\uFFFF",
            "日本語のテキスト",
            "x".repeat(47) + "é",
            "x".repeat(48) + "é",
            "x".repeat(49) + "\uD83D",
            "é".repeat(1000),
            "\u0000");
    for (String text : texts) {
      SpanData span =
          span(
              text,
              Attributes.builder()
                  .put(text.isEmpty() ? "k" : text, text)
                  .put(AttributeKey.valueKey("v"), Value.of(Value.of(text), Value.of(text)))
                  .build(),
              List.of(),
              StatusData.create(StatusCode.OK, text));
      assertArrayEquals(sdk(span), encoder.encode(span), () -> "text " + escape(text));
    }
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    s.chars().forEach(c -> b.append(String.format("\\u%04x", c)));
    return b.toString();
  }

  @Test
  void aSpanExtendedFromTheBytesOfItsFirstAttributesHasTheSdksFieldsAndAttributeOrder() {
    SplittableRandom random = new SplittableRandom(20261203L);
    int extended = 0;
    for (int i = 0; i < 2000; i++) {
      SpanData span = randomSpan(random, i);
      int n = span.getAttributes().size();
      int shared = random.nextInt(n + 1);
      SpanData prefix = firstAttributes(span, shared);
      byte[] base = encoder.encode(prefix);
      byte[] whole = encoder.encode(span);
      byte[] record = encoder.extend(base, span, shared);
      assertEquals(whole.length, record.length, () -> "span " + span);
      // a parser reads repeated fields in order and singular ones wherever they are: the same
      // attributes in the same order, every other field the same
      assertEquals(fieldsOf(whole, 9, true), fieldsOf(record, 9, true), () -> "span " + span);
      assertEquals(fieldsOf(whole, 9, false), fieldsOf(record, 9, false), () -> "span " + span);
      if (shared == n) {
        assertArrayEquals(whole, record, "nothing appended: the base as it is");
      }
      extended += shared < n ? 1 : 0;
    }
    assertTrue(extended > 1000, "spans extended: " + extended);
  }

  @Test
  void extendingRejectsBytesThatAreNoSpanRecord() {
    SpanData span =
        span("n", Attributes.of(AttributeKey.stringKey("k"), "v"), List.of(), StatusData.unset());
    byte[] base = encoder.encode(firstAttributes(span, 0));
    byte[] cut = Arrays.copyOf(base, base.length - 1);
    assertThrows(IllegalArgumentException.class, () -> encoder.extend(cut, span, 0));
    byte[] retagged = base.clone();
    retagged[0] = 0x0A;
    assertThrows(IllegalArgumentException.class, () -> encoder.extend(retagged, span, 0));
    // the encoder is left clean for the next span
    assertArrayEquals(sdk(span), encoder.encode(span));
  }

  /** The span message's fields numbered {@code number} (or all the others), in order. */
  private static List<String> fieldsOf(byte[] record, int number, boolean numbered) {
    List<String> out = new ArrayList<>();
    long span = Protobuf.field(record, 0, record.length, 2); // ScopeSpans.spans
    int from = Protobuf.payloadStart(record, span);
    for (Map.Entry<Integer, String> f : Protobuf.fields(record, from, Protobuf.end(span))) {
      if ((f.getKey() == number) == numbered) {
        out.add(f.getValue());
      }
    }
    return out;
  }

  /**
   * {@code span} with its first {@code n} attributes only, and the same dropped-attributes count:
   * what another backend's output that {@code span}'s begins with serializes as.
   */
  private static SpanData firstAttributes(SpanData span, int n) {
    AttributesBuilder first = Attributes.builder();
    int[] i = {0};
    span.getAttributes()
        .forEach(
            (k, v) -> {
              if (i[0]++ < n) {
                putUnchecked(first, k, v);
              }
            });
    Attributes attributes = first.build();
    int dropped = span.getTotalAttributeCount() - span.getAttributes().size();
    return new DelegatingSpanData(span) {
      @Override
      public Attributes getAttributes() {
        return attributes;
      }

      @Override
      public int getTotalAttributeCount() {
        return attributes.size() + dropped;
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static void putUnchecked(AttributesBuilder b, AttributeKey<?> key, Object value) {
    b.put((AttributeKey<Object>) key, value);
  }

  @Test
  void theSpanFieldIsTheScopeSpansFieldTheSdkWrites() {
    SpanData span = span("n", Attributes.empty(), List.of(), StatusData.unset());
    byte[] bytes = encoder.encode(span);
    assertEquals(0x12, bytes[0]); // ScopeSpans.spans, length-delimited
    assertEquals(bytes.length - 2, bytes[1]);
  }

  private static SpanData span(
      String name, Attributes attributes, List<EventData> events, StatusData status) {
    return TestSpanData.builder()
        .setSpanContext(
            SpanContext.create(
                "0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331",
                TraceFlags.getSampled(),
                TraceState.getDefault()))
        .setName(name)
        .setKind(SpanKind.CLIENT)
        .setStartEpochNanos(1)
        .setEndEpochNanos(2)
        .setHasEnded(true)
        .setAttributes(attributes)
        .setTotalAttributeCount(attributes.size())
        .setEvents(events)
        .setTotalRecordedEvents(events.size())
        .setStatus(status)
        .build();
  }

  // ---- random spans

  private static final String[] WORDS = {
    "",
    "a",
    "llm.input_messages.3.message.content",
    "é",
    "ÿ",
    "日本",
    "😀",
    "\uD83D",
    "\uDE00",
    "\u0000",
    "\u007F",
    "\u0080",
    "\u07FF",
    "\u0800",
    "gen_ai.usage.input_tokens",
    " ",
  };

  private static String randomString(SplittableRandom r) {
    switch (r.nextInt(8)) {
      case 0:
        return "";
      case 1:
        return WORDS[r.nextInt(WORDS.length)];
      case 2:
        {
          // long ASCII, the common content
          int n = r.nextInt(20_000);
          char[] c = new char[n];
          for (int i = 0; i < n; i++) {
            c[i] = (char) (' ' + r.nextInt(95));
          }
          return new String(c);
        }
      case 3:
        {
          // any UTF-16 units, unpaired surrogates included
          int n = r.nextInt(300);
          char[] c = new char[n];
          for (int i = 0; i < n; i++) {
            c[i] = (char) r.nextInt(0x10000);
          }
          return new String(c);
        }
      default:
        {
          StringBuilder b = new StringBuilder();
          int n = r.nextInt(12);
          for (int i = 0; i < n; i++) {
            b.append(WORDS[r.nextInt(WORDS.length)]).append(r.nextBoolean() ? "" : "x");
          }
          return b.toString();
        }
    }
  }

  private static String randomKey(SplittableRandom r) {
    return r.nextInt(4) == 0 ? randomString(r) : "k." + r.nextInt(40);
  }

  private static long randomLong(SplittableRandom r) {
    return switch (r.nextInt(5)) {
      case 0 -> 0;
      case 1 -> r.nextInt(300) - 150;
      case 2 -> Long.MIN_VALUE;
      case 3 -> Long.MAX_VALUE;
      default -> r.nextLong();
    };
  }

  private static double randomDouble(SplittableRandom r) {
    double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 1.5};
    return r.nextBoolean() ? special[r.nextInt(special.length)] : r.nextDouble() * 1e9 - 5e8;
  }

  private static Value<?> randomValue(SplittableRandom r, int depth) {
    switch (r.nextInt(depth > 2 ? 5 : 8)) {
      case 0:
        return Value.of(randomString(r));
      case 1:
        return Value.of(r.nextBoolean());
      case 2:
        return Value.of(randomLong(r));
      case 3:
        return Value.of(randomDouble(r));
      case 4:
        {
          byte[] b = new byte[r.nextInt(r.nextBoolean() ? 5 : 400)];
          for (int i = 0; i < b.length; i++) {
            b[i] = (byte) r.nextInt(256);
          }
          return Value.of(b);
        }
      case 5:
        {
          List<Value<?>> values = new ArrayList<>();
          int n = r.nextInt(5);
          for (int i = 0; i < n; i++) {
            values.add(randomValue(r, depth + 1));
          }
          return Value.of(values);
        }
      case 6:
        {
          Map<String, Value<?>> map = new LinkedHashMap<>();
          int n = r.nextInt(5);
          for (int i = 0; i < n; i++) {
            map.put(randomKey(r), randomValue(r, depth + 1));
          }
          return Value.of(map);
        }
      default:
        return Value.of(KeyValue.of(randomKey(r), randomValue(r, depth + 1)));
    }
  }

  private static Attributes randomAttributes(SplittableRandom r, int max) {
    AttributesBuilder b = Attributes.builder();
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      String key = randomKey(r);
      switch (r.nextInt(11)) {
        case 0, 1, 2 -> b.put(AttributeKey.stringKey(key), randomString(r));
        case 3 -> b.put(AttributeKey.booleanKey(key), r.nextBoolean());
        case 4 -> b.put(AttributeKey.longKey(key), randomLong(r));
        case 5 -> b.put(AttributeKey.doubleKey(key), randomDouble(r));
        case 6 -> b.put(AttributeKey.stringArrayKey(key), list(r, () -> randomString(r)));
        case 7 -> b.put(AttributeKey.booleanArrayKey(key), list(r, r::nextBoolean));
        case 8 -> b.put(AttributeKey.longArrayKey(key), list(r, () -> randomLong(r)));
        case 9 -> b.put(AttributeKey.doubleArrayKey(key), list(r, () -> randomDouble(r)));
        default -> b.put(AttributeKey.valueKey(key), randomValue(r, 0));
      }
    }
    return b.build();
  }

  private static <T> List<T> list(SplittableRandom r, java.util.function.Supplier<T> element) {
    int n = r.nextInt(r.nextInt(4) == 0 ? 200 : 5);
    List<T> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(element.get());
    }
    return list;
  }

  private static String hex(SplittableRandom r, int chars) {
    StringBuilder b = new StringBuilder(chars);
    for (int i = 0; i < chars; i++) {
      b.append("0123456789abcdef".charAt(r.nextInt(16)));
    }
    return b.toString();
  }

  private static TraceState randomTraceState(SplittableRandom r) {
    if (r.nextBoolean()) {
      return TraceState.getDefault();
    }
    return TraceState.builder()
        .put("vendor" + r.nextInt(3), "v" + r.nextInt(1000))
        .put("a", "b")
        .build();
  }

  private static SpanContext randomContext(SplittableRandom r, boolean remote) {
    if (r.nextInt(20) == 0) {
      return SpanContext.getInvalid();
    }
    TraceFlags flags = TraceFlags.fromByte((byte) r.nextInt(256));
    return remote
        ? SpanContext.createFromRemoteParent(hex(r, 32), hex(r, 16), flags, randomTraceState(r))
        : SpanContext.create(hex(r, 32), hex(r, 16), flags, randomTraceState(r));
  }

  private static SpanData randomSpan(SplittableRandom r, int i) {
    Attributes attributes = randomAttributes(r, i % 10 == 0 ? 80 : 12);
    List<EventData> events = new ArrayList<>();
    int nEvents = r.nextInt(4) == 0 ? r.nextInt(5) : 0;
    for (int e = 0; e < nEvents; e++) {
      Attributes a = randomAttributes(r, 6);
      events.add(
          EventData.create(
              r.nextBoolean() ? 0 : r.nextLong(),
              randomString(r),
              a,
              a.size() + (r.nextBoolean() ? 0 : r.nextInt(5))));
    }
    List<LinkData> links = new ArrayList<>();
    int nLinks = r.nextInt(4) == 0 ? r.nextInt(4) : 0;
    for (int l = 0; l < nLinks; l++) {
      Attributes a = randomAttributes(r, 4);
      links.add(
          LinkData.create(
              randomContext(r, r.nextBoolean()),
              a,
              a.size() + (r.nextBoolean() ? 0 : r.nextInt(300))));
    }
    StatusCode[] codes = StatusCode.values();
    return TestSpanData.builder()
        .setSpanContext(randomContext(r, false))
        .setParentSpanContext(
            r.nextBoolean() ? SpanContext.getInvalid() : randomContext(r, r.nextBoolean()))
        .setName(r.nextInt(10) == 0 ? "" : randomString(r))
        .setKind(SpanKind.values()[r.nextInt(SpanKind.values().length)])
        .setStartEpochNanos(r.nextInt(10) == 0 ? 0 : r.nextLong(Long.MAX_VALUE))
        .setEndEpochNanos(r.nextInt(10) == 0 ? 0 : r.nextLong(Long.MAX_VALUE))
        .setHasEnded(true)
        .setAttributes(attributes)
        .setTotalAttributeCount(attributes.size() + (r.nextBoolean() ? 0 : r.nextInt(1000)))
        .setEvents(events)
        .setTotalRecordedEvents(events.size() + (r.nextBoolean() ? 0 : r.nextInt(200)))
        .setLinks(links)
        .setTotalRecordedLinks(links.size() + (r.nextBoolean() ? 0 : r.nextInt(3)))
        .setStatus(
            r.nextBoolean()
                ? StatusData.unset()
                : StatusData.create(codes[r.nextInt(codes.length)], randomString(r)))
        .setResource(Resource.getDefault())
        .build();
  }

  // ---- the SDK's bytes for one span

  /** The span's field in the request the SDK's marshaler writes for it alone. */
  static byte[] sdk(SpanData span) {
    byte[] stateful = spanField(request(TraceRequestMarshaler.create(List.of(new Bare(span)))));
    LowAllocationTraceRequestMarshaler lowAllocation = new LowAllocationTraceRequestMarshaler();
    lowAllocation.initialize(List.of(new Bare(span)));
    // the SDK's two marshalers agree; ours must equal both
    assertArrayEquals(stateful, spanField(request(lowAllocation)), "the SDK's two marshalers");
    return stateful;
  }

  private static byte[] request(Marshaler marshaler) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    try {
      marshaler.writeBinaryTo(request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return request.toByteArray();
  }

  private static byte[] spanField(byte[] b) {
    // ExportTraceServiceRequest.resource_spans(1) → ResourceSpans.scope_spans(2) →
    // ScopeSpans.spans(2)
    long resourceSpans = Protobuf.field(b, 0, b.length, 1);
    long scopeSpans =
        Protobuf.field(b, Protobuf.payloadStart(b, resourceSpans), Protobuf.end(resourceSpans), 2);
    long field =
        Protobuf.field(b, Protobuf.payloadStart(b, scopeSpans), Protobuf.end(scopeSpans), 2);
    return Arrays.copyOfRange(b, Protobuf.start(field), Protobuf.end(field));
  }

  /** The span without resource and scope, which are not part of its bytes. */
  private static final class Bare extends DelegatingSpanData {
    Bare(SpanData span) {
      super(span);
    }

    @Override
    public Resource getResource() {
      return Resource.empty();
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
      return InstrumentationScopeInfo.empty();
    }
  }
}
