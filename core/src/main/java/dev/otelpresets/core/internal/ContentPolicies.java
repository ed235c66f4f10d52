package dev.otelpresets.core.internal;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.config.OtelPresetsConfig;
import dev.otelpresets.core.config.RedactionRule;
import dev.otelpresets.spi.ExporterOwner;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every selected backend's content policy: its effective content mode ({@code
 * presets.<name>.capture_message_content}, else the global mode) and its redaction rules ({@code
 * settings.redact}, then {@code presets.<name>.redact}). Content is recorded on the span when any
 * backend wants it; each backend's {@link ContentPolicyExporter} then takes it off again, or
 * redacts it, for that backend alone.
 */
public final class ContentPolicies {
  private final ContentCapture global; // null: unknown (agent mode), only overrides strip
  private final Map<ExporterOwner, PresetSelection.Selected> byOwner = new HashMap<>();
  private final List<PresetSelection.Selected> selected;
  private final List<RedactionRule> globalRules;
  private final Map<SpanExporter, ContentPolicyExporter> wrapped =
      Collections.synchronizedMap(new IdentityHashMap<>());

  /**
   * @param global the global mode; null when the recording side is not ours (a Java agent's
   *     instrumentation decides what it records) — then only a backend's own mode strips content
   */
  public ContentPolicies(
      OtelPresetsConfig config, PresetSelection selection, ContentCapture global) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(selection, "selection");
    this.global = global;
    this.globalRules = config.redactionRules();
    this.selected = selection.selected();
    for (PresetSelection.Selected s : selected) {
      byOwner.put(s.provider().owner(), s);
      if (s.preset() != null) {
        s.preset().exporters().forEach(spec -> byOwner.put(spec.owner(), s));
      }
    }
  }

  /** A backend's content mode: its own when set, else the global one. */
  public static ContentCapture effectiveMode(
      ContentCapture global, ResolvedPresetSettings settings) {
    return settings.contentCapture().orElse(global);
  }

  /**
   * What the recording side captures: content on the span when any selected backend's mode puts
   * it there; the log event when the backend that receives log records (the {@code otel}
   * callback, the only one exporting logs) wants it — else as the global mode says.
   */
  public ContentCapture recordingMode() {
    ContentCapture base = global == null ? ContentCapture.NO_CONTENT : global;
    if (selected.isEmpty()) {
      return base;
    }
    boolean onSpan = false;
    boolean onEvent = base.onEvent();
    for (PresetSelection.Selected s : selected) {
      ContentCapture mode = effectiveMode(base, s.settings());
      onSpan |= mode.onSpan();
      if (s.provider().owner().equals(ExporterOwner.OTEL)) {
        onEvent = mode.onEvent();
      }
    }
    if (onSpan) {
      return onEvent ? ContentCapture.SPAN_AND_EVENT : ContentCapture.SPAN_ONLY;
    }
    return onEvent ? ContentCapture.EVENT_ONLY : ContentCapture.NO_CONTENT;
  }

  /**
   * {@code next} — the exporter of {@code owner}, vocabulary mapping inside — behind that
   * backend's policy; one policy per exporter however often it is asked for.
   */
  public ContentPolicyExporter wrap(ExporterOwner owner, SpanExporter next) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(next, "next");
    return wrapped.computeIfAbsent(
        next,
        n -> {
          PresetSelection.Selected s = byOwner.get(owner);
          boolean strip;
          List<RedactionRule> rules;
          if (s == null) {
            strip = global != null && !global.onSpan();
            rules = globalRules;
          } else {
            ContentCapture own = s.settings().contentCapture().orElse(global);
            strip = own != null && !own.onSpan();
            rules = rules(s.settings());
          }
          return ContentPolicyExporter.create(owner.id(), n, strip, rules);
        });
  }

  /** A backend's rules: the global ones, then its own. */
  private List<RedactionRule> rules(ResolvedPresetSettings settings) {
    List<RedactionRule> rules = new ArrayList<>(globalRules);
    rules.addAll(settings.redactionRules());
    return rules;
  }

  /** The policies made so far (diagnostics, tests). */
  public List<ContentPolicyExporter> policies() {
    synchronized (wrapped) {
      return List.copyOf(wrapped.values());
    }
  }

  /** Content values a redaction rule gave up on, per backend (owner id), so far. */
  public Map<String, Long> redactionFailures() {
    Map<String, Long> out = new HashMap<>();
    for (ContentPolicyExporter p : policies()) {
      out.merge(p.owner(), p.redactionFailures(), Long::sum);
    }
    return out;
  }
}
