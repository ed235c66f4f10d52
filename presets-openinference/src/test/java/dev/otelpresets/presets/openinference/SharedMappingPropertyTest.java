package dev.otelpresets.presets.openinference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.spi.GenAiAttributes;
import dev.otelpresets.spi.genai.GenAiContent;
import dev.otelpresets.testkit.Mapping;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The shared step (one stateless mapping for every owner, each owner's extension keys added and
 * root values carried by its own step) against the whole mapping it skips, made by another
 * instance: the same keys and values for generated spans, hostile ones included, at every limit,
 * with and without extensions, for roots and for spans with a parent, and along whole traces whose
 * calls carry their values to the root.
 */
class SharedMappingPropertyTest {
  private static final int[] LIMITS = {1, 2, 3, 4, 5, 6, 8, 12, 16, 24, 32, 48, 64, 128, 1000};
  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

  /**
   * Weave's shape: display names, the thread, and the request parameters copied (one of them,
   * gen_ai.request.model, also passed through by the mapping).
   */
  private static final OpenInferenceExtension WEAVE_LIKE =
      (span, kind, out) -> {
        Attributes in = span.getAttributes();
        String op = in.get(GenAiAttributes.OPERATION_NAME);
        if (op != null && !op.isBlank()) {
          out.put("wandb.display_name", op + " " + in.get(GenAiAttributes.REQUEST_MODEL));
          out.put("weave.display_name", op);
          in.forEach(
              (k, v) -> {
                if (k.getKey().startsWith("gen_ai.request.")) {
                  putUnchecked(out, k, v);
                }
              });
        }
        String conversation = in.get(GenAiAttributes.CONVERSATION_ID);
        if (conversation != null) {
          out.put("wandb.thread_id", conversation);
          out.put("wandb.is_turn", !span.getParentSpanContext().isValid());
        }
      };

  /** Replaces one of the mapping's own keys, adds one with a lone surrogate. */
  private static final OpenInferenceExtension OVERRIDING =
      (span, kind, out) -> {
        out.put("llm.model_name", "override");
        out.put("ext.kind", kind + " \uD800");
      };

  /** A key the mapping writes over (a flattened message): the shared step cannot tell. */
  private static final OpenInferenceExtension LIST_KEY =
      (span, kind, out) -> out.put("llm.input_messages.0.message.role", "ext");

  private static final OpenInferenceExtension THROWING =
      (span, kind, out) -> {
        out.put("ext.before", "x");
        throw new IllegalStateException("broken extension");
      };

  private static final List<List<OpenInferenceExtension>> VARIANTS =
      List.of(
          List.of(),
          List.of(WEAVE_LIKE),
          List.of(OVERRIDING, WEAVE_LIKE),
          List.of(LIST_KEY),
          List.of(THROWING, WEAVE_LIKE));

  @SuppressWarnings("unchecked")
  private static void putUnchecked(AttributesBuilder out, AttributeKey<?> key, Object value) {
    out.put((AttributeKey<Object>) key, value);
  }

  private static OpenInferenceMapper mapper(List<OpenInferenceExtension> extensions, boolean pass) {
    OpenInferenceMapper.Builder b = OpenInferenceMapper.builder().passThroughOtherAttributes(pass);
    extensions.forEach(b::addExtension);
    return b.build();
  }

  @Test
  void theSharedStepGivesWhatTheWholeMappingGives() {
    Random r = new Random(20261202L);
    int withExtensions = 0;
    int sharedWithExtensions = 0;
    for (int i = 0; i < 150; i++) {
      Attributes canonical = OpenInferenceMapperPropertyTest.randomCanonical(r);
      List<OpenInferenceExtension> extensions = VARIANTS.get(r.nextInt(VARIANTS.size()));
      boolean pass = r.nextInt(4) > 0;
      SpanData span =
          inTrace(
              canonical, "b7ad6b7169203331", r.nextBoolean() ? null : "1111111111111111", false);
      GenAiContent content = Mapping.contentOf(span);
      int unbounded = mapper(extensions, pass).mapChecked(span, content, canonical, 1000).size();
      // every limit up to the unbounded size: the tight ones are where room decisions differ
      for (int limit = 1; limit <= Math.min(unbounded + 2, 80); limit++) {
        String what = "case " + i + ", limit " + limit + ", " + extensions.size() + " extensions";
        Attributes whole = mapper(extensions, pass).mapChecked(span, content, canonical, limit);
        long before = OpenInferenceMapper.mappings();
        Attributes shared = mapper(extensions, pass).map(span, content, limit);
        long mappings = OpenInferenceMapper.mappings() - before;

        assertEquals(whole.asMap(), shared.asMap(), what);
        assertTrue(shared.size() <= limit, what);
        if (!extensions.isEmpty() && limit >= unbounded) {
          withExtensions++;
          if (mappings == 1) {
            sharedWithExtensions++;
          }
        }
        if (extensions.isEmpty() && limit >= 5) {
          assertEquals(1, mappings, what + ": no extension, no reason to map again");
        }
      }
    }
    // the test must exercise the shared path with extensions (where everything fits), not only
    // its fall-back
    assertTrue(
        sharedWithExtensions > withExtensions / 2,
        sharedWithExtensions + " of " + withExtensions + " shared");
    assertTrue(sharedWithExtensions < withExtensions, "and the fall-back too");
  }

  /**
   * Output messages the mapping keeps or drops whole by their size, tool calls without names among
   * them, with Weave-like keys, at every limit from 1 to beyond what the span needs: where the
   * shared output had room, the step adds the keys; where it did not, it maps on its own.
   */
  @Test
  void messagesKeptWholeAtEveryLimit() {
    String output =
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"c0\"},"
            + "{\"type\":\"tool_call\",\"id\":\"c1\",\"name\":\"\"}]},{\"parts\":[]}]";
    Attributes canonical =
        CanonicalSpans.chatCall()
            .put(GenAiAttributes.OUTPUT_MESSAGES, output)
            .put(GenAiAttributes.CONVERSATION_ID, "conv-1")
            .build();
    SpanData span = inTrace(canonical, "b7ad6b7169203331", null, false);
    GenAiContent content = Mapping.contentOf(span);
    int shared = 0;
    for (int limit = 1; limit <= 80; limit++) {
      Attributes whole =
          mapper(List.of(WEAVE_LIKE), true).mapChecked(span, content, canonical, limit);
      long before = OpenInferenceMapper.mappings();
      Attributes out = mapper(List.of(WEAVE_LIKE), true).map(span, content, limit);
      shared += OpenInferenceMapper.mappings() - before == 1 ? 1 : 0;
      assertEquals(whole.asMap(), out.asMap(), "limit " + limit);
    }
    assertTrue(shared > 0);
  }

  /** The shared output handed in (made for another owner) is used as it is, not made again. */
  @Test
  void theSharedOutputHandedInIsUsed() {
    SpanData span = CanonicalSpans.llm(CanonicalSpans.chatCall().build());
    GenAiContent content = Mapping.contentOf(span);
    OpenInferenceMapper a = OpenInferenceMapper.create();
    OpenInferenceMapper b = OpenInferenceMapper.create();
    assertTrue(a.shared() == b.shared(), "one stateless mapping for every plain instance");
    Attributes made = a.shared().map(span, content, 128);
    int[] asked = {0};
    Supplier<Attributes> handed =
        () -> {
          asked[0]++;
          return made;
        };
    assertTrue(b.map(span, content, 128, handed) == made);
    assertEquals(1, asked[0]);
    OpenInferenceMapper weave = mapper(List.of(WEAVE_LIKE), true);
    assertTrue(weave.shared() == a.shared(), "extensions are added by the owner's step");
  }

  /**
   * Whole traces mapped in end order (calls before their root): each span's output through the
   * shared step equals the whole mapping's in another instance, the roots' carried values
   * included.
   */
  @Test
  void tracesCarryTheSameValuesToTheirRootsThroughTheSharedStep() {
    Random r = new Random(7L);
    int rootsCarried = 0;
    for (int t = 0; t < 300; t++) {
      List<OpenInferenceExtension> extensions = VARIANTS.get(r.nextInt(VARIANTS.size()));
      int limit = LIMITS[r.nextInt(LIMITS.length)];
      OpenInferenceMapper sharing = mapper(extensions, true);
      OpenInferenceMapper whole = mapper(extensions, true);
      for (SpanData span : trace(r, t)) {
        GenAiContent content = Mapping.contentOf(span);
        Attributes expected = whole.mapChecked(span, content, span.getAttributes(), limit);
        Attributes actual = sharing.map(span, content, limit);
        assertEquals(expected.asMap(), actual.asMap(), "trace " + t + ", " + span.getName());
        if (span.getName().equals("root") && actual.get(OpenInferenceKeys.INPUT_VALUE) != null) {
          rootsCarried++;
        }
      }
    }
    assertTrue(rootsCarried > 50, "roots that received their calls' values: " + rootsCarried);
  }

  /**
   * Two owners as the framework runs them: one shared output per distinct input (the memo), each
   * owner's step its own. The owner whose content policy removed the call's content maps the root
   * first, with the same input as the other owner's root, so the same shared output: it must still
   * not get the content the other owner's call carried, and the other must.
   */
  @Test
  void anOwnerWithoutContentNeverGetsTheContentAnotherOwnersCallCarried() {
    OpenInferenceMapper withContent = OpenInferenceMapper.create();
    OpenInferenceMapper noContent = OpenInferenceMapper.create();
    Attributes full = CanonicalSpans.chatCall().build();
    AttributesBuilder stripped = full.toBuilder();
    stripped.remove(GenAiAttributes.INPUT_MESSAGES);
    stripped.remove(GenAiAttributes.OUTPUT_MESSAGES);
    stripped.remove(GenAiAttributes.SYSTEM_INSTRUCTIONS);
    String root = "00f067aa0ba902b7";
    SpanData call = inTrace(full, "b7ad6b7169203331", root, false);
    SpanData callStripped = inTrace(stripped.build(), "b7ad6b7169203331", root, false);
    SpanData server =
        inTrace(Attributes.of(AttributeKey.stringKey("http.route"), "/chat"), root, null, false);

    withContent.map(call, Mapping.contentOf(call), 128);
    noContent.map(callStripped, Mapping.contentOf(callStripped), 128);
    GenAiContent serverContent = Mapping.contentOf(server);
    Attributes sharedRoot = withContent.shared().map(server, serverContent, 128);
    Attributes atNoContent = noContent.map(server, serverContent, 128, () -> sharedRoot);
    Attributes atContent = withContent.map(server, serverContent, 128, () -> sharedRoot);

    assertEquals(null, atNoContent.get(OpenInferenceKeys.INPUT_VALUE), atNoContent.toString());
    assertEquals(null, atNoContent.get(OpenInferenceKeys.OUTPUT_VALUE));
    assertTrue(atNoContent == sharedRoot, "nothing carried: the shared output as it is");
    assertEquals(
        withContent.map(call, Mapping.contentOf(call), 128).get(OpenInferenceKeys.INPUT_VALUE),
        atContent.get(OpenInferenceKeys.INPUT_VALUE));
    assertTrue(atContent.get(OpenInferenceKeys.OUTPUT_VALUE) != null);
  }

  /** A server span, an agent under it, calls under both; in end order, the root last. */
  private static List<SpanData> trace(Random r, int t) {
    String root = String.format("%016x", 0x1000L + t);
    String agent = String.format("%016x", 0x2000L + t);
    List<SpanData> spans = new ArrayList<>();
    int calls = r.nextInt(4);
    for (int i = 0; i < calls; i++) {
      Attributes attrs =
          r.nextInt(3) == 0
              ? OpenInferenceMapperPropertyTest.randomCanonical(r)
              : CanonicalSpans.chatCall().build();
      SpanData call =
          inTrace(
              attrs,
              String.format("%016x", 0x3000L + 16 * t + i),
              r.nextBoolean() ? root : agent,
              false,
              "call",
              r.nextInt(100),
              100 + r.nextInt(100));
      spans.add(call);
    }
    spans.add(
        inTrace(
            Attributes.of(GenAiAttributes.OPERATION_NAME, "invoke_agent"),
            agent,
            root,
            false,
            "agent",
            0,
            300));
    Attributes host =
        r.nextBoolean()
            ? Attributes.of(AttributeKey.stringKey("http.request.method"), "POST")
            : OpenInferenceMapperPropertyTest.randomCanonical(r);
    spans.add(
        inTrace(host, root, r.nextBoolean() ? null : "00f067aa0ba902b7", true, "root", 0, 400));
    return spans;
  }

  private static SpanData inTrace(
      Attributes attrs, String spanId, String parentId, boolean remote) {
    return inTrace(attrs, spanId, parentId, remote, "s", 1_000, 2_000);
  }

  private static SpanData inTrace(
      Attributes attrs,
      String spanId,
      String parentId,
      boolean remoteParent,
      String name,
      long start,
      long end) {
    SpanContext parent =
        parentId == null
            ? SpanContext.getInvalid()
            : remoteParent
                ? SpanContext.createFromRemoteParent(
                    TRACE, parentId, TraceFlags.getSampled(), TraceState.getDefault())
                : SpanContext.create(
                    TRACE, parentId, TraceFlags.getSampled(), TraceState.getDefault());
    return TestSpanData.builder()
        .setName(name)
        .setKind(SpanKind.INTERNAL)
        .setSpanContext(
            SpanContext.create(TRACE, spanId, TraceFlags.getSampled(), TraceState.getDefault()))
        .setParentSpanContext(parent)
        .setStartEpochNanos(start)
        .setEndEpochNanos(end)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setAttributes(attrs)
        .setTotalAttributeCount(attrs.size())
        .build();
  }
}
