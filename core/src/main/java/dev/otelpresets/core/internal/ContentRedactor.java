package dev.otelpresets.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.otelpresets.core.config.RedactionRule;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one backend's redaction rules to a content value. A JSON value (messages, documents,
 * tool arguments) is rewritten with jackson-core's streaming parser and generator, so only its
 * string values change and it stays valid JSON; other text is redacted as a whole.
 *
 * <p>Bounded cost: each rule reads a value through a {@link BudgetedCharSequence} of {@link
 * #BASE_BUDGET} plus {@link #BUDGET_PER_CHAR} reads per character. A rule that spends it (or
 * overflows the stack, as {@code java.util.regex} does on some patterns over long input) gives up:
 * that value becomes {@link #FAILED_MARKER} — never the unredacted text — the failure is counted
 * and the first one logged, naming where the rule was written, never the value.
 */
final class ContentRedactor {
  private static final Logger log = LoggerFactory.getLogger(ContentRedactor.class);

  /** What a value becomes when a rule gave up on it. */
  static final String FAILED_MARKER = "[redaction failed]";

  /** Character reads every rule may spend on any value. */
  static final long BASE_BUDGET = 100_000;

  /** Further character reads per character of the value. */
  static final long BUDGET_PER_CHAR = 64;

  /** JSON fields that give a message its shape, never content: left as they are. */
  private static final Set<String> STRUCTURAL_FIELDS =
      Set.of("role", "type", "finish_reason", "mime_type", "modality");

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final String owner;
  private final List<RedactionRule> rules;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicBoolean logged = new AtomicBoolean();

  ContentRedactor(String owner, List<RedactionRule> rules) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.rules = List.copyOf(rules);
  }

  boolean isEmpty() {
    return rules.isEmpty();
  }

  /** How many values a rule gave up on (each replaced by {@link #FAILED_MARKER}). */
  long failures() {
    return failures.get();
  }

  /** A content value redacted: JSON string by string when it is JSON, else as text. */
  String redact(String value) {
    if (value == null || rules.isEmpty() || value.isEmpty()) {
      return value;
    }
    if (looksLikeJson(value)) {
      String json = redactJson(value);
      if (json != null) {
        return json;
      }
    }
    return redactText(value);
  }

  private static boolean looksLikeJson(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '[' || c == '{';
      }
    }
    return false;
  }

  /** The JSON with every non-structural string value redacted; null if it is not JSON. */
  private String redactJson(String value) {
    StringWriter out = new StringWriter(value.length() + 16);
    try (JsonParser p = JSON.createParser(value);
        JsonGenerator g = JSON.createGenerator(out)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.VALUE_STRING) {
          String name = p.currentName();
          String text = p.getText();
          g.writeString(
              name != null && STRUCTURAL_FIELDS.contains(name) && p.getParsingContext().inObject()
                  ? text
                  : redactText(text));
        } else {
          g.copyCurrentEventExact(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      return null; // not JSON after all (or too deep): redacted as text, which covers it all
    }
    return out.toString();
  }

  /** Every rule applied in turn; {@link #FAILED_MARKER} if one gives up. */
  String redactText(String text) {
    String s = text;
    for (RedactionRule rule : rules) {
      try {
        s = apply(rule, s);
      } catch (BudgetedCharSequence.BudgetExceeded | StackOverflowError e) {
        failed(rule, s.length(), e instanceof StackOverflowError);
        return FAILED_MARKER;
      }
    }
    return s;
  }

  private static String apply(RedactionRule rule, String s) {
    long budget = BASE_BUDGET + BUDGET_PER_CHAR * s.length();
    Matcher m = rule.pattern().matcher(new BudgetedCharSequence(s, budget));
    if (!m.find()) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int last = 0;
    do {
      out.append(s, last, m.start()).append(rule.replacement());
      last = m.end();
    } while (m.find());
    return out.append(s, last, s.length()).toString();
  }

  private void failed(RedactionRule rule, int length, boolean stackOverflow) {
    long n = failures.incrementAndGet();
    if (logged.compareAndSet(false, true)) {
      log.warn(
          "otel-presets: the redaction rule written at {} gave up on a value of {}"
              + " character(s) sent to '{}' ({}); the value was replaced by '{}' ({} so far; logged"
              + " once, see the redactionFailures count). Simplify the pattern: nested quantifiers"
              + " such as (a+)+ or (a|aa)+ backtrack exponentially.",
          rule.location(),
          length,
          owner,
          stackOverflow
              ? "the regular expression overflowed the stack"
              : "more than "
                  + BASE_BUDGET
                  + " + "
                  + BUDGET_PER_CHAR
                  + " character reads per character",
          FAILED_MARKER,
          n);
    }
  }

  @Override
  public String toString() {
    return "ContentRedactor{owner=" + owner + ", rules=" + rules.size() + "}";
  }
}
