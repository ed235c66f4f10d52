package dev.otelpresets.agent;

import dev.otelpresets.core.internal.ContentAttributes;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spi.genai.GenAiContent.MessagePart;
import dev.otelpresets.support.internal.GenAiJson;
import dev.otelpresets.support.internal.Json;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.common.ValueType;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins the Java agent's GenAI log events ({@code gen_ai.system.message}, {@code
 * gen_ai.user.message}, {@code gen_ai.assistant.message}, {@code gen_ai.tool.message}, {@code
 * gen_ai.choice}) to the span they were emitted in (same span context), so each preset receives
 * the span with the canonical {@code gen_ai.input.messages}, {@code gen_ai.output.messages} and
 * {@code gen_ai.system_instructions} the recording API writes.
 *
 * <p>It only reads the records: the SDK's other log processors (the agent's own logs exporter)
 * receive them unchanged. Events wait here until their span is prepared for export ({@link
 * #take}), which removes them; the agent 2.33 emits the input events inside the span before the
 * call and {@code gen_ai.choice} before the span ends (blocking and streaming calls) or just after
 * it (asynchronous calls: the future's callbacks run in reverse order of registration), so {@link
 * #take} waits up to {@link #OUTPUT_GRACE_NANOS} after the span's end for a missing choice.
 *
 * <p>Bounded: at most {@code maxEvents} events and {@code maxBytes} (estimated) wait at once;
 * beyond that the oldest spans' events are dropped (spans that never end), as are events for a
 * span already exported. Drops are counted and logged once per reason.
 */
final class GenAiEventJoin implements LogRecordProcessor {
  private static final Logger log = LoggerFactory.getLogger(GenAiEventJoin.class);

  static final int DEFAULT_MAX_EVENTS = 4096;
  static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

  /** How long after a span ended its export waits for a {@code gen_ai.choice} still missing. */
  static final long OUTPUT_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** Spans whose content was taken, remembered so late events are dropped at once. */
  static final int TAKEN_MEMORY = 4096;

  private static final AttributeKey<String> EVENT_NAME = AttributeKey.stringKey("event.name");
  private static final int ITEM_OVERHEAD_BYTES = 96;

  private enum Kind {
    SYSTEM,
    INPUT,
    OUTPUT
  }

  /** One event as content: a system part, an input message or an output message. */
  private record Item(
      Kind kind, long index, MessagePart systemPart, ChatMessage message, long bytes) {}

  /** The events of one span so far. */
  private static final class Held {
    final List<Item> items = new ArrayList<>(4);
    long bytes;
    boolean input;
    boolean output;
  }

  private final ContentAttributes content;
  private final int maxEvents;
  private final long maxBytes;
  private final Object lock = new Object();
  private final LinkedHashMap<String, Held> held = new LinkedHashMap<>();
  private final LinkedHashMap<String, Boolean> taken =
      new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > TAKEN_MEMORY;
        }
      };
  private int heldEvents;
  private long heldBytes;
  private final LongAdder dropped = new LongAdder();
  private final LongAdder joined = new LongAdder();
  private final AtomicBoolean loggedFull = new AtomicBoolean();
  private final AtomicBoolean loggedLate = new AtomicBoolean();

  GenAiEventJoin(ContentAttributes content) {
    this(content, DEFAULT_MAX_EVENTS, DEFAULT_MAX_BYTES);
  }

  GenAiEventJoin(ContentAttributes content, int maxEvents, long maxBytes) {
    this.content = Objects.requireNonNull(content, "content");
    if (maxEvents < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("bounds must be positive");
    }
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
  }

  @Override
  public void onEmit(Context context, ReadWriteLogRecord record) {
    SpanContext span = record.getSpanContext();
    if (span == null || !span.isValid() || !span.isSampled()) {
      return;
    }
    String name = record.getEventName();
    if (name == null) {
      name = record.getAttribute(EVENT_NAME);
    }
    if (name == null || !name.startsWith("gen_ai.")) {
      return;
    }
    Item item;
    try {
      item = parse(name, record.getBodyValue());
    } catch (RuntimeException e) {
      return; // an event of a shape we do not know stays the logs exporter's only
    }
    if (item != null) {
      add(key(span), item);
    }
  }

  private static String key(SpanContext span) {
    return span.getTraceId() + span.getSpanId();
  }

  private void add(String key, Item item) {
    synchronized (lock) {
      if (taken.containsKey(key)) {
        drop(1, loggedLate, "a GenAI event arrived after its span was exported");
        return;
      }
      if (item.bytes() > maxBytes) {
        drop(1, loggedFull, "a GenAI event is larger than the bound for waiting events");
        return;
      }
      // make room: the oldest spans' events first (spans that never end)
      Iterator<Map.Entry<String, Held>> eldest = held.entrySet().iterator();
      while ((heldEvents + 1 > maxEvents || heldBytes + item.bytes() > maxBytes)
          && eldest.hasNext()) {
        Map.Entry<String, Held> e = eldest.next();
        if (e.getKey().equals(key)) {
          continue;
        }
        eldest.remove();
        heldEvents -= e.getValue().items.size();
        heldBytes -= e.getValue().bytes;
        drop(
            e.getValue().items.size(),
            loggedFull,
            "more GenAI events waited for their spans"
                + " than the bound ("
                + maxEvents
                + " events, "
                + maxBytes
                + " bytes): spans that"
                + " never end, or an export far behind");
      }
      if (heldEvents + 1 > maxEvents || heldBytes + item.bytes() > maxBytes) {
        drop(1, loggedFull, "one span's GenAI events exceed the bound for waiting events");
        return;
      }
      Held h = held.computeIfAbsent(key, k -> new Held());
      h.items.add(item);
      h.bytes += item.bytes();
      h.input |= item.kind() != Kind.OUTPUT;
      h.output |= item.kind() == Kind.OUTPUT;
      heldEvents++;
      heldBytes += item.bytes();
      if (item.kind() == Kind.OUTPUT) {
        lock.notifyAll();
      }
    }
  }

  private void drop(int events, AtomicBoolean logged, String why) {
    dropped.add(events);
    if (logged.compareAndSet(false, true)) {
      log.warn(
          "otel-presets: {}; their message content is not joined to the span (drops are"
              + " counted, this is said once)",
          why);
    }
  }

  /**
   * Removes the events of the GenAI span {@code span} and returns them as canonical content attributes (empty
   * when there were none). When input events were seen but no {@code gen_ai.choice} yet and
   * {@code expectOutput}, waits until {@link #OUTPUT_GRACE_NANOS} after {@code endNanoTime} (a
   * {@link System#nanoTime()} reading) for it.
   */
  Attributes take(SpanContext span, long endNanoTime, boolean expectOutput) {
    String key = key(span);
    Held h;
    synchronized (lock) {
      h = held.get(key);
      if (h == null) {
        taken.put(key, Boolean.TRUE);
        return Attributes.empty();
      }
      long deadline = endNanoTime + OUTPUT_GRACE_NANOS;
      while (expectOutput && h.input && !h.output) {
        long wait = deadline - System.nanoTime();
        if (wait <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        Held now = held.get(key);
        if (now == null) {
          return Attributes.empty(); // evicted while waiting
        }
        h = now;
      }
      held.remove(key);
      heldEvents -= h.items.size();
      heldBytes -= h.bytes;
      taken.put(key, Boolean.TRUE);
    }
    joined.add(h.items.size());
    List<MessagePart> system = new ArrayList<>();
    List<ChatMessage> input = new ArrayList<>();
    List<Item> outputs = new ArrayList<>();
    for (Item i : h.items) {
      switch (i.kind()) {
        case SYSTEM -> system.add(i.systemPart());
        case INPUT -> input.add(i.message());
        case OUTPUT -> outputs.add(i);
      }
    }
    outputs.sort(Comparator.comparingLong(Item::index));
    List<ChatMessage> output = new ArrayList<>(outputs.size());
    outputs.forEach(i -> output.add(i.message()));
    return content.of(input, system, output);
  }

  /** Events waiting for their span now. */
  int heldEvents() {
    synchronized (lock) {
      return heldEvents;
    }
  }

  /** Estimated bytes of the events waiting now. */
  long heldBytes() {
    synchronized (lock) {
      return heldBytes;
    }
  }

  /** Events dropped so far (bound reached, or arrived after their span was exported). */
  long droppedEvents() {
    return dropped.sum();
  }

  /** Events joined to their span so far. */
  long joinedEvents() {
    return joined.sum();
  }

  // ---- the agent's event bodies (GenAI semantic conventions' events, before 1.37) -----------

  private static Item parse(String name, Value<?> body) {
    Map<String, Value<?>> b = map(body);
    switch (name) {
      case "gen_ai.system.message" -> {
        String text = string(b.get("content"));
        return text == null
            ? null
            : new Item(Kind.SYSTEM, 0, new MessagePart.Text(text), null, size(text));
      }
      case "gen_ai.user.message" -> {
        String text = string(b.get("content"));
        return text == null ? null : input(ChatMessage.text(role(b, "user"), text), size(text));
      }
      case "gen_ai.assistant.message" -> {
        List<MessagePart> parts = messageParts(b);
        return parts.isEmpty()
            ? null
            : input(new ChatMessage("assistant", parts, null), size(parts));
      }
      case "gen_ai.tool.message" -> {
        String text = string(b.get("content"));
        if (text == null) {
          return null;
        }
        return input(ChatMessage.toolResponse(string(b.get("id")), text), size(text));
      }
      case "gen_ai.choice" -> {
        Map<String, Value<?>> message = map(b.get("message"));
        List<MessagePart> parts = messageParts(message);
        if (parts.isEmpty()) {
          return null;
        }
        Value<?> index = b.get("index");
        long i = index != null && index.getType() == ValueType.LONG ? (Long) index.getValue() : 0;
        ChatMessage m =
            new ChatMessage(role(message, "assistant"), parts, string(b.get("finish_reason")));
        return new Item(Kind.OUTPUT, i, null, m, size(parts));
      }
      default -> {
        return null;
      }
    }
  }

  private static Item input(ChatMessage m, long bytes) {
    return new Item(Kind.INPUT, 0, null, m, bytes);
  }

  /** Text and tool calls of an assistant message or a choice's message. */
  private static List<MessagePart> messageParts(Map<String, Value<?>> m) {
    List<MessagePart> parts = new ArrayList<>(2);
    String text = string(m.get("content"));
    if (text != null) {
      parts.add(new MessagePart.Text(text));
    }
    Value<?> calls = m.get("tool_calls");
    if (calls != null && calls.getType() == ValueType.ARRAY) {
      for (Object o : (List<?>) calls.getValue()) {
        Map<String, Value<?>> call = map((Value<?>) o);
        Map<String, Value<?>> function = map(call.get("function"));
        String fn = string(function.get("name"));
        if (fn == null) {
          continue;
        }
        String args = string(function.get("arguments"));
        parts.add(
            new MessagePart.ToolCall(
                string(call.get("id")), fn, args == null ? null : Json.parseOrDefault(args, args)));
      }
    }
    return parts;
  }

  private static String role(Map<String, Value<?>> m, String fallback) {
    String role = string(m.get("role"));
    return role == null || role.isBlank() ? fallback : role;
  }

  private static Map<String, Value<?>> map(Value<?> v) {
    if (v == null || v.getType() != ValueType.KEY_VALUE_LIST) {
      return Map.of();
    }
    Map<String, Value<?>> out = new LinkedHashMap<>();
    for (Object kv : (List<?>) v.getValue()) {
      KeyValue e = (KeyValue) kv;
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  private static String string(Value<?> v) {
    return v == null || v.getType() != ValueType.STRING ? null : (String) v.getValue();
  }

  private static long size(String text) {
    return ITEM_OVERHEAD_BYTES + 2L * text.length();
  }

  private static long size(List<MessagePart> parts) {
    long n = ITEM_OVERHEAD_BYTES;
    for (MessagePart p : parts) {
      if (p instanceof MessagePart.Text t) {
        n += 2L * t.content().length();
      } else if (p instanceof MessagePart.ToolCall c) {
        n += ITEM_OVERHEAD_BYTES + 2L * (c.name().length() + GenAiJson.argumentsJson(c).length());
      }
    }
    return n;
  }
}
