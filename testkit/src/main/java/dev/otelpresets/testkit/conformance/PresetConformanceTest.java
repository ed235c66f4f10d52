package dev.otelpresets.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.otelpresets.core.Environment;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.Tenant;
import dev.otelpresets.core.discovery.PresetRegistry;
import dev.otelpresets.core.internal.ResolvedPresetSettings;
import dev.otelpresets.spi.AttributeMapper;
import dev.otelpresets.spi.ExporterOwner;
import dev.otelpresets.spi.ExporterProtocol;
import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.spi.Preset;
import dev.otelpresets.spi.PresetProvider;
import dev.otelpresets.spi.SettingSpec;
import dev.otelpresets.spi.TenantCredentialRule;
import dev.otelpresets.spi.genai.GenAiContent;
import dev.otelpresets.testkit.GenAiScenarios;
import dev.otelpresets.testkit.Mapping;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.PresetTestHarness;
import dev.otelpresets.testkit.ReceivedRequest;
import dev.otelpresets.testkit.ReceivedSpan;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite every preset runs, ours and third parties' alike. Subclass it in the
 * preset's test sources, name the preset and say how to point it at an embedded receiver:
 *
 * <pre>{@code
 * class LangWatchConformanceTest extends PresetConformanceTest {
 *   @Override protected String presetName() { return "langwatch"; }
 *   @Override protected Map<String, String> settingsEnv(OtlpReceiver receiver) {
 *     return Map.of("LANGWATCH_ENDPOINT", receiver.baseUrl(), "LANGWATCH_API_KEY", "lw-test-key");
 *   }
 * }
 * }</pre>
 *
 * <p>Checks (one test each): the provider is found by the real {@link ServiceLoader} through the
 * thread's context class loader; its name, aliases and owner are well-formed and unique on the
 * classpath; its settings name environment variables and flag secrets; building it opens no
 * connection; {@code create()} looks up no host name and reads no file (beyond the class path); a
 * header carrying a non-secret setting's value is declared ({@link #nonSecretHeaders()}) and a
 * header named like a credential is a secret header; secrets are redacted in every {@code
 * toString()}; its exporter reaches an embedded
 * receiver at the declared path, protocol and headers; its mapper never throws, is pure and stays
 * within the attribute limit on several hundred generated spans; its vocabulary reaches only its own
 * receiver when it runs next to built-in presets; its tenant rule, if any, keeps a tenant's
 * credentials at its own receiver.
 *
 * <p>Hooks with defaults: {@link #grpc()}, {@link #tenantCredentials(Set)}, {@link
 * #expectedRequestHeaders()}, {@link #nonSecretHeaders()}, {@link
 * #companionPresets(PresetRegistry)}, {@link #companionEnv},
 * {@link #mapperCases()}, {@link #mapperSeed()}. Every instance built by the suite is private (no
 * global, no shutdown hook) and closed before the test ends.
 */
public abstract class PresetConformanceTest {
  /** How long the suite waits for exports. */
  protected static final Duration TIMEOUT = PresetTestHarness.TIMEOUT;

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,62}");
  private static final Pattern ENV_VAR = Pattern.compile("[A-Z][A-Z0-9_]*");
  private static final Pattern SECRET_WORDS = Pattern.compile(".*(key|secret|token|password).*");

  /** Header names that say "credential" whatever their value's source. */
  private static final Pattern CREDENTIAL_HEADER =
      Pattern.compile(".*(authorization|auth|key|secret|token|password|cookie|credential).*");

  private static final Set<String> BUILT_IN_OWNERS =
      Set.of("otel", "arize", "phoenix", "langfuse", "weave", "levo", "agentops");
  private static final String GRPC_TRACES_PATH =
      "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
  private static final String TENANT_ID = "conformance-tenant";

  // ------------------------------------------------------------------ what a subclass provides

  /** The preset's callback name, as in {@code callbacks:}. */
  protected abstract String presetName();

  /**
   * The environment that configures the preset to export to {@code receiver} (use {@link
   * OtlpReceiver#baseUrl()}, {@link OtlpReceiver#tracesUrl()} or, with {@link #grpc()}, {@link
   * OtlpReceiver#grpcEndpoint()}), with a value for every required setting. Use distinctive values
   * for secrets (at least 8 characters): the suite searches for them.
   */
  protected abstract Map<String, String> settingsEnv(OtlpReceiver receiver);

  /** Whether the receivers for this preset must also serve OTLP/gRPC (default false). */
  protected boolean grpc() {
    return false;
  }

  /**
   * A sample of one tenant's credentials for this preset's tenant rule. The default gives every
   * credential key that does not name a host, URL or endpoint a distinctive generated value;
   * override it when the rule validates formats (a project written {@code entity/project}, say).
   * The sample must not move the exporter to another host.
   */
  protected Map<String, String> tenantCredentials(Set<String> credentialKeys) {
    Map<String, String> creds = new LinkedHashMap<>();
    for (String key : new TreeSet<>(credentialKeys)) {
      String k = key.toLowerCase(Locale.ROOT);
      if (!k.contains("host") && !k.contains("url") && !k.contains("endpoint")) {
        creds.put(key, "cfm-tenant-" + key.replace('_', '-') + "-7Qx3");
      }
    }
    return creds;
  }

  /**
   * Headers every export must carry besides the exporter spec's static headers — for a preset whose
   * custom exporter adds them (a fetched token, say). Default none.
   */
  protected Map<String, String> expectedRequestHeaders() {
    return Map.of();
  }

  /**
   * Headers that carry the value of a setting not flagged {@code .secret()} on purpose (an
   * organization or project id, say), case-insensitive. The suite fails every other header that
   * carries a non-secret setting's value without {@code secretHeader(...)}: a credential setting
   * whose key does not say key/secret/token/password would otherwise be printed and logged
   * unredacted. Default none.
   */
  protected Set<String> nonSecretHeaders() {
    return Set.of();
  }

  /**
   * The presets combined with this one in the vocabulary and tenant checks. The default takes up to
   * two presets from {@link CompanionPresets#PREFERENCE} that are on the test classpath, other than
   * this one: {@code otel} (built into the core, so always there) and, when a preset jar is on the
   * test classpath, the first other built-in. A third-party preset with only the testkit on its
   * test classpath is combined with {@code otel} alone; add a built-in preset jar with test scope
   * for a stronger check.
   */
  protected List<String> companionPresets(PresetRegistry registry) {
    List<String> out = new ArrayList<>();
    for (String name : CompanionPresets.PREFERENCE) {
      Optional<PresetProvider> p = registry.find(name);
      if (out.size() < 2
          && p.isPresent()
          && !p.get().name().equals(presetName())
          && !p.get().owner().equals(provider().owner())) {
        out.add(p.get().name());
      }
    }
    return out;
  }

  /**
   * The environment pointing companion preset {@code companion} at {@code receiver}; the default
   * knows the built-ins (see {@link CompanionPresets}).
   */
  protected Map<String, String> companionEnv(String companion, OtlpReceiver receiver) {
    return CompanionPresets.env(companion, receiver)
        .orElseThrow(
            () ->
                new AssertionError(
                    "the suite does not know how to configure companion preset '"
                        + companion
                        + "'; override companionEnv(String, OtlpReceiver) or companionPresets(...)"));
  }

  /** How many generated spans the mapper check maps (default 300). */
  protected int mapperCases() {
    return 300;
  }

  /** The generator's seed (fixed by default, so failures replay). */
  protected long mapperSeed() {
    return 20240806L;
  }

  // ------------------------------------------------------------------ the checks

  @Test
  @DisplayName("the provider is found by the real ServiceLoader (context class loader)")
  void providerIsFoundByTheRealServiceLoader() {
    ClassLoader tccl = contextClassLoader();
    List<PresetProvider> matches = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Iterator<PresetProvider> it = ServiceLoader.load(PresetProvider.class, tccl).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        PresetProvider p = it.next();
        seen.add(p.name() + " (" + p.getClass().getName() + ")");
        if (presetName().equals(p.name())) {
          matches.add(p);
        }
      } catch (ServiceConfigurationError e) {
        errors.add(String.valueOf(e.getMessage()));
      }
    }
    assertEquals(
        1,
        matches.size(),
        () ->
            "expected exactly one provider named '"
                + presetName()
                + "' through ServiceLoader; found "
                + seen
                + (errors.isEmpty() ? "" : ", errors " + errors)
                + ". Register it in META-INF/services/"
                + PresetProvider.class.getName());
    Class<?> type = matches.get(0).getClass();
    assertTrue(Modifier.isPublic(type.getModifiers()), type + " must be public");
    try {
      Constructor<?> c = type.getConstructor();
      assertTrue(Modifier.isPublic(c.getModifiers()), type + " needs a public no-arg constructor");
    } catch (NoSuchMethodException e) {
      fail(type + " needs a public no-argument constructor for ServiceLoader");
    }
    PresetRegistry registry = PresetRegistry.load(tccl);
    for (String problem : registry.problems()) {
      assertFalse(problem.contains(type.getName()), () -> "the registry reports: " + problem);
    }
    assertEquals(
        type,
        registry.find(presetName()).map(Object::getClass).orElse(null),
        "PresetRegistry resolves the name to this provider");
  }

  @Test
  @DisplayName("name, aliases and owner are well-formed and unique on the classpath")
  void nameAliasesAndOwnerAreWellFormedAndUnique() {
    PresetProvider p = provider();
    assertTrue(
        NAME.matcher(p.name()).matches(),
        () ->
            "name '"
                + p.name()
                + "' must be lower case letters, digits, '_', '-' or '.', starting with a letter");
    assertNotNull(p.aliases(), "aliases() must not return null");
    for (String alias : p.aliases()) {
      assertTrue(NAME.matcher(alias).matches(), () -> "alias '" + alias + "' is not well-formed");
      assertFalse(alias.equals(p.name()), "an alias repeats the name");
    }
    ExporterOwner owner = p.owner();
    assertNotNull(owner, "owner() must not return null");
    assertTrue(
        ExporterOwner.isValidId(owner.id()),
        () -> "owner id '" + owner.id() + "' is not well-formed");
    assertEquals(owner, p.owner(), "owner() must be stable");
    if (!p.name().equals("otel")) {
      assertFalse(
          owner.equals(ExporterOwner.OTEL),
          "only the built-in 'otel' preset may use the owner 'otel'; use ExporterOwner.of(\""
              + p.name()
              + "\")");
    }
    if (BUILT_IN_OWNERS.contains(owner.id())) {
      assertTrue(
          p.getClass().getName().startsWith("dev.otelpresets."),
          () ->
              "owner '"
                  + owner.id()
                  + "' belongs to a built-in preset; a third-party preset needs its own"
                  + " owner id, e.g. ExporterOwner.of(\""
                  + p.name()
                  + "\")");
    }
    assertNotNull(p.description(), "description() must not return null");
    assertFalse(p.description().isBlank(), "description() should say what the backend is");

    Set<String> mine = new LinkedHashSet<>();
    mine.add(p.name());
    mine.addAll(p.aliases());
    for (PresetProvider other : ServiceLoader.load(PresetProvider.class, contextClassLoader())) {
      if (other.getClass() == p.getClass()) {
        continue;
      }
      Set<String> theirs = new LinkedHashSet<>();
      theirs.add(other.name());
      theirs.addAll(other.aliases());
      theirs.retainAll(mine);
      assertTrue(theirs.isEmpty(), () -> other.getClass().getName() + " also claims " + theirs);
      assertFalse(
          other.owner().equals(owner),
          () -> other.getClass().getName() + " also claims the owner '" + owner + "'");
    }
  }

  @Test
  @DisplayName(
      "settings declare environment variables, secrets are flagged, a missing one is named")
  @SuppressWarnings("try") // the telemetry must not start; it is never used
  void settingsDeclareEnvironmentVariablesAndFlagSecrets() {
    PresetProvider p = provider();
    List<SettingSpec> settings = p.settings();
    assertNotNull(settings, "settings() must not return null");
    Set<String> keys = new LinkedHashSet<>();
    for (SettingSpec s : settings) {
      assertTrue(keys.add(s.key()), () -> "setting '" + s.key() + "' is declared twice");
      assertFalse(
          s.envVars().isEmpty(),
          () ->
              "setting '"
                  + s.key()
                  + "' names no environment variable; add .env(\""
                  + p.name().toUpperCase(Locale.ROOT)
                  + "_"
                  + s.key().toUpperCase(Locale.ROOT)
                  + "\")");
      for (String var : s.envVars()) {
        assertTrue(
            ENV_VAR.matcher(var).matches(),
            () ->
                "environment variable '"
                    + var
                    + "' of setting '"
                    + s.key()
                    + "' must be upper snake case");
      }
      if (SECRET_WORDS.matcher(s.key()).matches()) {
        assertTrue(
            s.secret(),
            () ->
                "setting '"
                    + s.key()
                    + "' looks like a credential (its key"
                    + " says key/secret/token/password) but is not flagged .secret()");
      }
      assertFalse(
          s.required() && s.defaultValue().isPresent(),
          () -> "setting '" + s.key() + "' is required and has a default; drop one");
      s.requiredUnless()
          .ifPresent(
              other -> {
                assertTrue(
                    settings.stream().anyMatch(o -> o.key().equals(other)),
                    () ->
                        "setting '"
                            + s.key()
                            + "' is required unless '"
                            + other
                            + "', which is not declared");
                assertFalse(
                    s.defaultValue().isPresent(),
                    () ->
                        "setting '"
                            + s.key()
                            + "' is required unless '"
                            + other
                            + "' and has a default; drop the default");
              });
      assertFalse(
          s.description() == null || s.description().isBlank(),
          () -> "setting '" + s.key() + "' has no description");
    }
    // a missing required setting fails the build with a message naming the env var, no secret
    try (OtlpReceiver r = startReceiver("settings")) {
      Map<String, String> env = settingsEnv(r);
      for (SettingSpec s : settings) {
        if (!s.required()) {
          continue;
        }
        Map<String, String> without = new LinkedHashMap<>(env);
        s.envVars().forEach(without::remove);
        try (GenAiTelemetry t = start(List.of(p.name()), without, "")) {
          fail("preset '" + p.name() + "' started without required setting '" + s.key() + "'");
        } catch (RuntimeException e) {
          String msg = String.valueOf(e.getMessage());
          assertTrue(
              msg.contains(s.envVars().get(0)),
              () ->
                  "the error for missing '"
                      + s.key()
                      + "' should name "
                      + s.envVars().get(0)
                      + ": "
                      + msg);
          for (String secret : secretValues(env)) {
            assertFalse(msg.contains(secret), () -> "the error shows a secret value: " + msg);
          }
        }
      }
    }
  }

  @Test
  @DisplayName("building the preset (and the SDK around it) does no network I/O")
  void buildingDoesNoNetworkIo() throws InterruptedException {
    NetworkTripwire tripwire = NetworkTripwire.install();
    try (OtlpReceiver r = startReceiver("no-io")) {
      Map<String, String> env = settingsEnv(r);
      List<URI> attempts;
      tripwire.arm();
      try {
        Preset preset = create(env);
        assertNotNull(preset);
        try (GenAiTelemetry t = start(List.of(presetName()), env, "")) {
          assertNotNull(t);
          Thread.sleep(300); // an eager connect on a background thread has time to show up
        }
      } finally {
        attempts = tripwire.disarm();
      }
      assertTrue(
          r.requests().isEmpty(),
          () ->
              "building preset '"
                  + presetName()
                  + "' and closing it without any span sent requests to its endpoint: "
                  + r.requests()
                  + ". Connect and fetch tokens lazily, on the export thread.");
      assertTrue(
          attempts.isEmpty(),
          () ->
              "building preset '"
                  + presetName()
                  + "' opened connections to "
                  + attempts
                  + ". create() and custom exporter factories"
                  + " must only wire things; connect lazily on the export thread.");
    }
  }

  @Test
  @DisplayName("create() looks up no host name (DNS)")
  void createDoesNoDnsLookup() {
    BuildTimeIoTripwire.Seen seen = createUnderTripwire();
    assertTrue(
        seen.lookups().isEmpty(),
        () ->
            "create() of preset '"
                + presetName()
                + "' looked up "
                + seen.lookups()
                + " (DNS; the receiver was named 'localhost' for this"
                + " check). A lookup can hang startup for as long as the resolver's timeout; leave host"
                + " names to the exporter, which resolves them on its export thread.");
  }

  @Test
  @DisplayName("create() reads no file beyond the class path")
  void createReadsNoFiles() {
    BuildTimeIoTripwire.Seen seen = createUnderTripwire();
    assertTrue(
        seen.reads().isEmpty(),
        () ->
            "create() of preset '"
                + presetName()
                + "' read or probed "
                + seen.reads()
                + ". create() only wires values: take a file's"
                + " contents (a CA certificate, a key) as a setting, or read it lazily on the export"
                + " thread; resources of your own jar (getResourceAsStream) are fine.");
  }

  @Test
  @DisplayName("a header carrying a setting's value is a secret header, or declared not secret")
  void headersFromSettingsAreSecretOrDeclared() {
    try (OtlpReceiver r = startReceiver("headers")) {
      Map<String, String> env = settingsEnv(r);
      List<String> problems = headerProblems(create(env), env);
      assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }
  }

  @Test
  @DisplayName("secret values are redacted in every toString()")
  void secretsAreRedactedInToString() {
    try (OtlpReceiver r = startReceiver("redaction")) {
      Map<String, String> env = withMarkedSecrets(settingsEnv(r));
      Preset preset = create(env);
      List<String> secrets = secretValues(env);
      if (secrets.isEmpty()) {
        // nothing declared secret: then no header may carry a credential unnoticed (a credential
        // setting named e.g. 'auth' is exactly this case), which is what there is to check
        List<String> problems = headerProblems(preset, env);
        assertTrue(
            problems.isEmpty(),
            () ->
                "preset '"
                    + presetName()
                    + "' declares no secret"
                    + " setting, but:\n"
                    + String.join("\n", problems));
        return;
      }
      ResolvedPresetSettings settings = resolve(env);
      List<String> shown =
          new ArrayList<>(
              List.of(
                  provider().toString(),
                  preset.toString(),
                  String.valueOf(preset.mapper()),
                  String.valueOf(preset.tenantRule()),
                  preset.resourceOverlay().toString(),
                  settings.toString()));
      for (ExporterSpec spec : preset.exporters()) {
        shown.add(spec.toString());
        shown.add(spec.redactedHeaders().toString());
        spec.headers()
            .forEach(
                (name, value) -> {
                  for (String secret : secrets) {
                    if (value.contains(secret)) {
                      assertTrue(
                          spec.isSecretHeader(name),
                          () ->
                              "header '"
                                  + name
                                  + "' carries a secret"
                                  + " setting's value but is not added with secretHeader(...)");
                    }
                  }
                  if (spec.isSecretHeader(name) && value.length() >= 4) {
                    secrets.add(value);
                  }
                });
      }
      TenantCredentialRule rule = preset.tenantRule();
      if (!rule.credentialKeys().isEmpty()) {
        Map<String, String> creds = tenantCredentials(rule.credentialKeys());
        for (ExporterSpec spec : preset.exporters()) {
          rule.apply(spec, creds).ifPresent(t -> shown.add(t.toString()));
        }
        creds.forEach(
            (k, v) -> {
              if (SECRET_WORDS.matcher(k).matches()) {
                secrets.add(v);
              }
            });
      }
      try (GenAiTelemetry t = start(List.of(presetName()), env, "")) {
        shown.add(t.toString());
      }
      for (String text : shown) {
        for (String secret : secrets) {
          assertFalse(text.contains(secret), () -> "a secret value is shown in: " + text);
        }
      }
    }
  }

  @Test
  @DisplayName("the exporter reaches an embedded receiver at its endpoint, protocol and headers")
  void exporterReachesItsEndpointWithDeclaredProtocolAndHeaders() {
    String name = presetName();
    PresetTestHarness.Builder b = PresetTestHarness.builder().yaml(yaml(List.of(name), ""));
    if (grpc()) {
      b.grpcReceiver(name);
    } else {
      b.receiver(name);
    }
    try (PresetTestHarness h = b.env(rs -> settingsEnv(rs.get(name))).start()) {
      OtlpReceiver receiver = h.receiver(name);
      Preset preset = create(settingsEnv(receiver));
      List<GenAiScenarios.Recorded> recorded =
          List.of(
              h.scenarios().plainChat(),
              h.scenarios().streamedChat(),
              h.scenarios().toolCalls(),
              h.scenarios().failedCall());
      assertTrue(h.telemetry().forceFlush(TIMEOUT), "flush timed out");
      int perSpan = preset.exporters().size();
      for (GenAiScenarios.Recorded rec : recorded) {
        receiver.awaitSpans(s -> s.traceId().equals(rec.traceId()), 2 * perSpan, TIMEOUT);
      }
      for (ExporterSpec spec : preset.exporters()) {
        URI uri = URI.create(spec.endpoint());
        int port =
            spec.protocol() == ExporterProtocol.GRPC
                ? URI.create(receiver.grpcEndpoint()).getPort()
                : receiver.port();
        assertEquals(
            port,
            uri.getPort(),
            () ->
                "settingsEnv(receiver) must point the exporter at"
                    + " the receiver; the spec says "
                    + spec);
      }
      for (GenAiScenarios.Recorded rec : recorded) {
        for (String spanId : List.of(rec.serverSpanId(), rec.llmSpanId())) {
          List<ReceivedSpan> copies =
              receiver.spans().stream().filter(s -> s.spanId().equals(spanId)).toList();
          assertEquals(
              perSpan,
              copies.size(),
              () ->
                  "span "
                      + spanId
                      + " arrived "
                      + copies.size()
                      + " times; expected once per exporter ("
                      + perSpan
                      + ")");
          for (ReceivedSpan s : copies) {
            assertMatchesSomeSpec(s.request(), preset.exporters());
          }
        }
        ReceivedSpan llm =
            receiver.spans().stream()
                .filter(s -> s.spanId().equals(rec.llmSpanId()))
                .findFirst()
                .orElseThrow();
        assertEquals(rec.serverSpanId(), llm.parentSpanId(), "the LLM span keeps its parent");
      }
    }
  }

  @Test
  @DisplayName("the mapper never throws, is pure and stays within the attribute limit")
  void mapperNeverThrowsAndStaysWithinTheAttributeLimit() {
    AttributeMapper mapper;
    try (OtlpReceiver r = startReceiver("mapper")) {
      mapper = create(settingsEnv(r)).mapper();
    }
    long seed = mapperSeed();
    int cases = mapperCases();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < cases && failures.size() < 5; i++) {
      int limit = i % 3 == 0 ? AttributeMapper.DEFAULT_ATTRIBUTE_LIMIT : 8 + (i * 37) % 121;
      GeneratedSpan span = SpanGenerator.span(seed, i, limit);
      Attributes first;
      Attributes second;
      try {
        // one content for both calls, as the framework shares one among a span's backends
        GenAiContent content = Mapping.contentOf(span);
        first = mapper.map(span, content, limit);
        second = mapper.map(span, content, limit);
      } catch (Throwable t) { // StackOverflowError included: it would kill an export thread
        failures.add("threw " + t + " on " + span);
        continue;
      }
      if (first == null) {
        failures.add("returned null on " + span);
      } else if (first.size() > limit) {
        failures.add("returned " + first.size() + " attributes, limit " + limit + ", on " + span);
      } else if (!first.equals(second)) {
        failures.add("is not pure: two calls gave different attributes on " + span);
      }
    }
    assertTrue(
        failures.isEmpty(),
        () -> "the mapper of '" + presetName() + "' " + String.join("\n  ", failures));
  }

  @Test
  @DisplayName("its vocabulary reaches only its own receiver when combined with built-in presets")
  void vocabularyStaysAtItsOwnReceiver() {
    List<String> companions = companionPresets(PresetRegistry.load(contextClassLoader()));
    assertFalse(companions.isEmpty(), "no companion preset on the classpath (not even 'otel')");
    String me = presetName();
    Map<String, Set<String>> alone = keysAtReceivers(List.of(me));
    Map<String, Set<String>> companionsAlone = keysAtReceivers(companions);
    List<String> all = new ArrayList<>(List.of(me));
    all.addAll(companions);
    Map<String, Set<String>> together = keysAtReceivers(all);

    for (String c : companions) {
      Set<String> leaked = new TreeSet<>(together.get(c));
      leaked.removeAll(companionsAlone.get(c));
      assertTrue(
          leaked.isEmpty(),
          () ->
              "with '"
                  + me
                  + "' configured, companion '"
                  + c
                  + "' received keys it does not receive without it: "
                  + leaked);
    }
    Set<String> foreign = new TreeSet<>(together.get(me));
    foreign.removeAll(alone.get(me));
    assertTrue(
        foreign.isEmpty(),
        () ->
            "next to "
                + companions
                + ", '"
                + me
                + "' received keys it does not receive alone: "
                + foreign);
  }

  @Test
  @DisplayName("a tenant's credentials reach only this preset's receiver")
  void tenantCredentialsStayWithTheirOwner() {
    Preset staticPreset;
    try (OtlpReceiver r = startReceiver("tenant-probe")) {
      staticPreset = create(settingsEnv(r));
    }
    TenantCredentialRule rule = staticPreset.tenantRule();
    Assumptions.assumeFalse(
        rule.credentialKeys().isEmpty(),
        "preset '" + presetName() + "' has no tenant credential rule");
    Map<String, String> creds = tenantCredentials(rule.credentialKeys());
    assertFalse(creds.isEmpty(), "tenantCredentials(...) gave no credentials");
    String me = presetName();
    List<String> companions = companionPresets(PresetRegistry.load(contextClassLoader()));
    List<String> all = new ArrayList<>(List.of(me));
    all.addAll(companions);
    try (PresetTestHarness h = harness(all, "")) {
      OtlpReceiver mine = h.receiver(me);
      Preset preset = create(settingsEnv(mine));
      List<ExporterSpec> tenantSpecs = new ArrayList<>();
      for (ExporterSpec spec : preset.exporters()) {
        tenantSpecs.add(
            rule.apply(spec, creds)
                .orElseThrow(
                    () ->
                        new AssertionError(
                            "the tenant rule ignored the sample credentials "
                                + creds.keySet()
                                + "; override tenantCredentials(...)")));
      }
      Set<String> values = new LinkedHashSet<>();
      creds.values().stream().filter(v -> v.length() >= 8).forEach(values::add);
      for (ExporterSpec t : tenantSpecs) {
        t.headers()
            .forEach(
                (n, v) -> {
                  if (t.isSecretHeader(n) && v.length() >= 8) {
                    values.add(v);
                  }
                });
      }
      String[] tenantTrace =
          request(h.telemetry(), Tenant.of(TENANT_ID, Map.of(preset.owner().id(), creds)));
      String[] staticTrace = request(h.telemetry(), null);
      assertTrue(h.telemetry().forceFlush(TIMEOUT), "flush timed out");
      for (String receiver : all) {
        for (String[] trace : List.of(tenantTrace, staticTrace)) {
          h.receiver(receiver).awaitSpans(s -> s.traceId().equals(trace[0]), 2, TIMEOUT);
        }
      }
      // at its own receiver: the tenant's trace with the tenant's headers, the other one without
      for (ReceivedSpan s : mine.spans()) {
        boolean tenantSpan = s.traceId().equals(tenantTrace[0]);
        Map<String, String> expected =
            tenantSpan ? tenantSpecs.get(0).headers() : preset.exporters().get(0).headers();
        expected.forEach(
            (n, v) ->
                assertEquals(
                    v,
                    s.request().header(n),
                    () ->
                        "header '"
                            + n
                            + "' of the "
                            + (tenantSpan ? "tenant's" : "static")
                            + " span "
                            + s.name()));
        for (String secret : creds.keySet()) {
          if (SECRET_WORDS.matcher(secret).matches() && creds.get(secret).length() >= 8) {
            assertFalse(
                s.request().bodyAsText().contains(creds.get(secret)),
                () ->
                    "credential " + secret + " was exported in the span data, not only in headers");
          }
        }
      }
      // nowhere else: neither headers nor bodies
      for (String c : companions) {
        for (ReceivedRequest req : h.receiver(c).requests()) {
          String headers = req.headers().toString();
          String body = req.bodyAsText();
          for (String v : values) {
            assertFalse(
                headers.contains(v) || body.contains(v),
                () -> "a credential of '" + me + "''s tenant reached companion '" + c + "'");
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------ helpers for subclasses

  /** The provider under test, as the real ServiceLoader finds it. */
  protected final PresetProvider provider() {
    for (PresetProvider p : ServiceLoader.load(PresetProvider.class, contextClassLoader())) {
      if (p.name().equals(presetName())) {
        return p;
      }
    }
    throw new AssertionError(
        "no preset named '"
            + presetName()
            + "' is registered in"
            + " META-INF/services/"
            + PresetProvider.class.getName());
  }

  /** Builds the preset directly from {@code env}, as the core would. */
  protected final Preset create(Map<String, String> env) {
    PresetProvider p = provider();
    Preset preset = p.create(resolve(env));
    assertNotNull(preset, "create() returned null");
    assertEquals(p.owner(), preset.owner(), "the preset's owner is the provider's owner");
    assertFalse(preset.exporters().isEmpty(), "the preset has no exporter");
    for (ExporterSpec spec : preset.exporters()) {
      assertEquals(p.owner(), spec.owner(), "every exporter has the preset's owner");
    }
    return preset;
  }

  // ------------------------------------------------------------------ internals

  private ResolvedPresetSettings resolve(Map<String, String> env) {
    return ResolvedPresetSettings.resolve(provider(), null, Environment.of(env));
  }

  private static ClassLoader contextClassLoader() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return cl != null ? cl : PresetConformanceTest.class.getClassLoader();
  }

  private OtlpReceiver startReceiver(String label) {
    String name = presetName() + " " + label + " receiver";
    return grpc() ? OtlpReceiver.startWithGrpc(name) : OtlpReceiver.start(name);
  }

  private static String yaml(List<String> callbacks, String extra) {
    return "callbacks: ["
        + String.join(", ", callbacks)
        + "]\n"
        + "settings:\n  capture_message_content: span_only\n  shutdown_hook: false\n"
        + "  schedule_delay_ms: 50\n"
        + extra;
  }

  private GenAiTelemetry start(List<String> callbacks, Map<String, String> env, String extra) {
    return OtelPresets.builder()
        .configYaml(yaml(callbacks, extra))
        .environment(env)
        .publishGlobal(false)
        .build();
  }

  /** This preset and companions, each at its own receiver. */
  private PresetTestHarness harness(List<String> presets, String extra) {
    PresetTestHarness.Builder b = PresetTestHarness.builder().yaml(yaml(presets, extra));
    for (String p : presets) {
      if (p.equals(presetName()) && grpc()) {
        b.grpcReceiver(p);
      } else {
        b.receiver(p);
      }
    }
    return b.env(
            receivers -> {
              Map<String, String> env = new LinkedHashMap<>();
              for (String p : presets) {
                if (!p.equals(presetName())) {
                  env.putAll(companionEnv(p, receivers.get(p)));
                }
              }
              if (presets.contains(presetName())) {
                env.putAll(settingsEnv(receivers.get(presetName())));
              }
              return env;
            })
        .start();
  }

  /** Runs the four scenarios with {@code presets}; the attribute and resource keys per receiver. */
  private Map<String, Set<String>> keysAtReceivers(List<String> presets) {
    try (PresetTestHarness h = harness(presets, "")) {
      List<GenAiScenarios.Recorded> recorded =
          List.of(
              h.scenarios().plainChat(),
              h.scenarios().streamedChat(),
              h.scenarios().toolCalls(),
              h.scenarios().failedCall());
      assertTrue(h.telemetry().forceFlush(TIMEOUT), "flush timed out");
      Map<String, Set<String>> out = new LinkedHashMap<>();
      for (String p : presets) {
        OtlpReceiver r = h.receiver(p);
        for (GenAiScenarios.Recorded rec : recorded) {
          r.awaitSpans(s -> s.traceId().equals(rec.traceId()), 2, TIMEOUT);
        }
        Set<String> keys = new TreeSet<>();
        for (ReceivedSpan s : r.spans()) {
          keys.addAll(s.attributes().keySet());
          s.resourceAttributes().keySet().forEach(k -> keys.add("resource " + k));
        }
        out.put(p, keys);
      }
      return out;
    }
  }

  /** One request: server span, tenant bound (when given), LLM call. Trace id first. */
  @SuppressWarnings("try") // the Scope is held for the try block, never read
  private static String[] request(GenAiTelemetry telemetry, Tenant tenant) {
    Tracer http = telemetry.openTelemetry().getTracer("conformance-http-server");
    Span server =
        http.spanBuilder(GenAiScenarios.SERVER_SPAN_NAME).setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = server.makeCurrent()) {
      if (tenant != null) {
        assertTrue(telemetry.bindTenant(tenant), "bindTenant found no current span");
      }
      LlmCall call = telemetry.startCall(GenAiScenarios.request().build());
      call.end(GenAiScenarios.response().build());
    } finally {
      server.end();
    }
    return new String[] {server.getSpanContext().getTraceId()};
  }

  private void assertMatchesSomeSpec(ReceivedRequest req, List<ExporterSpec> specs) {
    List<String> mismatches = new ArrayList<>();
    for (ExporterSpec spec : specs) {
      String why = mismatch(req, spec);
      if (why == null) {
        return;
      }
      mismatches.add(why);
    }
    fail(
        "the request "
            + req
            + " matches no exporter spec of '"
            + presetName()
            + "': "
            + mismatches);
  }

  private String mismatch(ReceivedRequest req, ExporterSpec spec) {
    if (spec.protocol() == ExporterProtocol.GRPC) {
      if (!ReceivedRequest.GRPC.equals(req.transport())) {
        return "transport " + req.transport() + " instead of grpc";
      }
      if (!GRPC_TRACES_PATH.equals(req.path())) {
        return "gRPC method " + req.path();
      }
    } else {
      if (!ReceivedRequest.HTTP_PROTOBUF.equals(req.transport())) {
        return "transport " + req.transport() + " instead of " + spec.protocol();
      }
      String path = URI.create(spec.endpoint()).getRawPath();
      if (!req.path().equals(path)) {
        return "path " + req.path() + " instead of the declared " + path;
      }
    }
    Map<String, String> expected = new LinkedHashMap<>(spec.headers());
    expected.putAll(expectedRequestHeaders());
    for (Map.Entry<String, String> e : expected.entrySet()) {
      if (!e.getValue().equals(req.header(e.getKey()))) {
        return "header "
            + e.getKey()
            + (spec.isSecretHeader(e.getKey())
                ? " (secret) differs"
                : " is " + req.header(e.getKey()) + " instead of " + e.getValue());
      }
    }
    return null;
  }

  /**
   * Headers that carry a non-secret setting's value (as set in {@code env}, 4 characters or more)
   * without being secret headers or listed in {@link #nonSecretHeaders()}, and headers whose name
   * says credential but are not secret headers.
   */
  private List<String> headerProblems(Preset preset, Map<String, String> env) {
    Set<String> declared = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    declared.addAll(nonSecretHeaders());
    List<String> problems = new ArrayList<>();
    for (ExporterSpec spec : preset.exporters()) {
      spec.headers()
          .forEach(
              (name, value) -> {
                if (spec.isSecretHeader(name)) {
                  return;
                }
                if (CREDENTIAL_HEADER.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
                  problems.add(
                      "header '"
                          + name
                          + "' of exporter '"
                          + spec.owner()
                          + "' looks like a"
                          + " credential but is not added with secretHeader(...)");
                  return;
                }
                if (declared.contains(name)) {
                  return;
                }
                for (SettingSpec s : provider().settings()) {
                  for (String var : s.envVars()) {
                    String v = env.get(var);
                    if (!s.secret()
                        && v != null
                        && v.trim().length() >= 4
                        && value.contains(v.trim())) {
                      problems.add(
                          "header '"
                              + name
                              + "' carries the value of setting '"
                              + s.key()
                              + "' ("
                              + var
                              + "), which is not flagged .secret(). If it is a credential, flag"
                              + " the setting .secret() and send it with secretHeader(...); if it is not (an"
                              + " organization or project id), list the header in nonSecretHeaders().");
                    }
                  }
                }
              });
    }
    return problems;
  }

  /** {@code create()} under {@link BuildTimeIoTripwire}, the receiver named {@code localhost}. */
  private BuildTimeIoTripwire.Seen createUnderTripwire() {
    try (OtlpReceiver r = startReceiver("build-time-io")) {
      Map<String, String> env = new LinkedHashMap<>();
      settingsEnv(r).forEach((k, v) -> env.put(k, v.replace("127.0.0.1", "localhost")));
      PresetProvider p = provider();
      ResolvedPresetSettings settings = resolve(env);
      BuildTimeIoTripwire.Seen seen =
          BuildTimeIoTripwire.run(
              () -> {
                try {
                  p.create(settings);
                } catch (RuntimeException e) {
                  // what create() touched before failing still counts; the other checks report
                  // failures
                }
              });
      Assumptions.assumeTrue(
          seen.unavailable() == null,
          () -> "the DNS and file checks cannot run: " + seen.unavailable());
      return seen;
    }
  }

  /** The values of secret settings set in {@code env} (mutable list). */
  private List<String> secretValues(Map<String, String> env) {
    List<String> out = new ArrayList<>();
    for (SettingSpec s : provider().settings()) {
      if (s.secret()) {
        for (String var : s.envVars()) {
          String v = env.get(var);
          if (v != null && v.length() >= 4) {
            out.add(v);
          }
        }
      }
    }
    return out;
  }

  /**
   * {@code env} with every secret setting set to a distinctive marker, so a search cannot hit by
   * chance; falls back to {@code env} when the preset rejects the markers (format checks).
   */
  private Map<String, String> withMarkedSecrets(Map<String, String> env) {
    Map<String, String> marked = new LinkedHashMap<>(env);
    for (SettingSpec s : provider().settings()) {
      if (s.secret() && !s.envVars().isEmpty()) {
        String var =
            s.envVars().stream().filter(env::containsKey).findFirst().orElse(s.envVars().get(0));
        marked.put(var, "cfmSecret" + s.key().replace("_", "") + "Q7z");
      }
    }
    try {
      provider().create(resolve(marked));
      return marked;
    } catch (RuntimeException e) {
      return env;
    }
  }
}
