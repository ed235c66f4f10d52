package dev.otelpresets.core.internal;

import dev.otelpresets.core.config.RedactionRule;
import dev.otelpresets.spi.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One backend's content policy, applied in its export path before its vocabulary mapping (this
 * decorates the owner's exporter, whose mapper runs inside): when the backend's content mode
 * keeps content off its spans, every content attribute and content-bearing span event is
 * removed; otherwise the backend's redaction rules rewrite the content values. The host's span is
 * never changed — each backend sees its own view of it — so other backends, and the host's own
 * exporters, keep the original.
 *
 * <p>Content is the canonical {@code gen_ai.*} content keys and the copies other instrumentations
 * may already have written in a backend vocabulary (OpenInference {@code input.value}, {@code
 * llm.input_messages.*}, Langfuse {@code langfuse.observation.input} ...). Tool definitions are
 * not content: they describe the application, are recorded whatever the mode, and pass as they
 * are.
 */
public final class ContentPolicyExporter implements SpanExporter {
  /** Canonical and vocabulary keys holding content, matched exactly. */
  static final Set<String> CONTENT_KEYS =
      Set.of(
          GenAiAttributes.INPUT_MESSAGES.getKey(),
          GenAiAttributes.OUTPUT_MESSAGES.getKey(),
          GenAiAttributes.SYSTEM_INSTRUCTIONS.getKey(),
          GenAiAttributes.TOOL_CALL_ARGUMENTS.getKey(),
          GenAiAttributes.TOOL_CALL_RESULT.getKey(),
          GenAiAttributes.RETRIEVAL_QUERY_TEXT.getKey(),
          GenAiAttributes.RETRIEVAL_DOCUMENTS.getKey(),
          // older GenAI conventions and other instrumentations' copies
          "gen_ai.prompt",
          "gen_ai.completion",
          "gen_ai.event.content",
          "input.value",
          "output.value",
          "llm.prompts",
          "llm.prompt_template.template",
          "llm.prompt_template.variables",
          "tool_call.function.arguments",
          "langfuse.observation.input",
          "langfuse.observation.output",
          "langfuse.trace.input",
          "langfuse.trace.output",
          "weave.output",
          "weave.input");

  /** Prefixes of flattened vocabulary keys holding content. */
  static final List<String> CONTENT_PREFIXES =
      List.of(
          "gen_ai.prompt.",
          "gen_ai.completion.",
          "llm.input_messages.",
          "llm.output_messages.",
          "retrieval.documents.",
          "message.content",
          "message.contents.");

  /**
   * Span events that carry content in their attributes (the GenAI conventions' events, older and
   * current): dropped whole when content is off, every string value redacted otherwise.
   */
  static final Set<String> CONTENT_EVENTS =
      Set.of(
          "gen_ai.client.inference.operation.details",
          "gen_ai.content.prompt",
          "gen_ai.content.completion",
          "gen_ai.system.message",
          "gen_ai.user.message",
          "gen_ai.assistant.message",
          "gen_ai.tool.message",
          "gen_ai.choice");

  private final String owner;
  private final SpanExporter next;
  private final boolean stripContent;
  private final ContentRedactor redactor;

  private ContentPolicyExporter(
      String owner, SpanExporter next, boolean stripContent, List<RedactionRule> rules) {
    this.owner = owner;
    this.next = next;
    this.stripContent = stripContent;
    this.redactor = new ContentRedactor(owner, rules);
  }

  /**
   * {@code next} behind the policy of the backend {@code owner}: {@code stripContent} when its
   * effective content mode keeps content off its spans, else {@code rules} (global first, then the
   * backend's own) applied to the content values.
   */
  public static ContentPolicyExporter create(
      String owner, SpanExporter next, boolean stripContent, List<RedactionRule> rules) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(rules, "rules");
    return new ContentPolicyExporter(owner, next, stripContent, rules);
  }

  /** The backend this policy is for. */
  public String owner() {
    return owner;
  }

  /** Whether this backend receives no content at all. */
  public boolean stripsContent() {
    return stripContent;
  }

  /** How many content values a redaction rule gave up on (each sent as a fixed marker). */
  public long redactionFailures() {
    return redactor.failures();
  }

  /** Whether this policy changes anything (no: a plain pass-through). */
  public boolean isActive() {
    return stripContent || !redactor.isEmpty();
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (!isActive()) {
      return next.export(spans);
    }
    List<SpanData> out = new ArrayList<>(spans.size());
    for (SpanData span : spans) {
      out.add(apply(span));
    }
    return next.export(out);
  }

  /** The span as this backend may see it. */
  SpanData apply(SpanData span) {
    Attributes attributes = attributes(span.getAttributes(), false);
    List<EventData> events = events(span.getEvents());
    if (attributes == span.getAttributes() && events == span.getEvents()) {
      return span;
    }
    return new PolicedSpan(span, attributes, events);
  }

  static boolean isContentKey(String key) {
    if (CONTENT_KEYS.contains(key)) {
      return true;
    }
    for (String prefix : CONTENT_PREFIXES) {
      if (key.startsWith(prefix)) {
        return true;
      }
    }
    return key.startsWith("embedding.embeddings.") && key.endsWith(".embedding.text");
  }

  /**
   * The attributes without content (strip) or with content redacted; the same instance when
   * nothing changes. {@code allStrings}: every string value is content (a content event's).
   */
  private Attributes attributes(Attributes in, boolean allStrings) {
    boolean[] touched = {false};
    in.forEach(
        (k, v) -> {
          if (allStrings ? isString(k) : isContentKey(k.getKey())) {
            touched[0] = true;
          }
        });
    if (!touched[0]) {
      return in;
    }
    AttributesBuilder b = Attributes.builder();
    in.forEach(
        (k, v) -> {
          boolean content = allStrings ? isString(k) : isContentKey(k.getKey());
          if (!content) {
            put(b, k, v);
          } else if (!stripContent) {
            putRedacted(b, k, v);
          }
        });
    return b.build();
  }

  private static boolean isString(AttributeKey<?> k) {
    return k.getType() == AttributeType.STRING || k.getType() == AttributeType.STRING_ARRAY;
  }

  @SuppressWarnings("unchecked")
  private void putRedacted(AttributesBuilder b, AttributeKey<?> k, Object v) {
    if (k.getType() == AttributeType.STRING) {
      b.put((AttributeKey<String>) k, redactor.redact((String) v));
    } else if (k.getType() == AttributeType.STRING_ARRAY) {
      List<String> values = new ArrayList<>();
      for (String s : (List<String>) v) {
        values.add(redactor.redact(s));
      }
      b.put((AttributeKey<List<String>>) k, values);
    } else {
      put(b, k, v); // numbers and booleans hold no text
    }
  }

  private List<EventData> events(List<EventData> in) {
    List<EventData> out = null;
    for (int i = 0; i < in.size(); i++) {
      EventData e = in.get(i);
      boolean contentEvent = CONTENT_EVENTS.contains(e.getName());
      EventData replaced;
      if (contentEvent && stripContent) {
        replaced = null;
      } else {
        Attributes a = attributes(e.getAttributes(), contentEvent);
        replaced =
            a == e.getAttributes()
                ? e
                : EventData.create(e.getEpochNanos(), e.getName(), a, a.size());
      }
      if (replaced != e && out == null) {
        out = new ArrayList<>(in.subList(0, i));
      }
      if (out != null && replaced != null) {
        out.add(replaced);
      }
    }
    return out == null ? in : out;
  }

  @SuppressWarnings("unchecked")
  private static <T> void put(AttributesBuilder b, AttributeKey<T> k, Object v) {
    b.put(k, (T) v);
  }

  @Override
  public CompletableResultCode flush() {
    return next.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return next.shutdown();
  }

  @Override
  public String toString() {
    return "ContentPolicyExporter{owner="
        + owner
        + ", stripContent="
        + stripContent
        + ", "
        + redactor
        + ", next="
        + next
        + "}";
  }

  /** The shared span seen through one backend's policy. */
  private static final class PolicedSpan extends DelegatingSpanData {
    private final Attributes attributes;
    private final List<EventData> events;
    private final int droppedEvents;

    PolicedSpan(SpanData delegate, Attributes attributes, List<EventData> events) {
      super(delegate);
      this.attributes = attributes;
      this.events = List.copyOf(events);
      this.droppedEvents = delegate.getEvents().size() - events.size();
    }

    @Override
    public Attributes getAttributes() {
      return attributes;
    }

    @Override
    public int getTotalAttributeCount() {
      // what the host's span dropped stays counted; what the policy removed is not "dropped"
      return super.getTotalAttributeCount() - super.getAttributes().size() + attributes.size();
    }

    @Override
    public List<EventData> getEvents() {
      return events;
    }

    @Override
    public int getTotalRecordedEvents() {
      return super.getTotalRecordedEvents() - droppedEvents;
    }
  }
}
