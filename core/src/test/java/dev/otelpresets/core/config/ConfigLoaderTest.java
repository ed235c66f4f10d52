package dev.otelpresets.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
  private static final String SRC = "otel-presets.yaml";

  private static OtelPresetsConfig parse(String yaml) {
    return parse(yaml, Map.of());
  }

  private static OtelPresetsConfig parse(String yaml, Map<String, String> env) {
    return ConfigLoader.create(Environment.of(env)).parse(yaml, SRC);
  }

  private static ConfigException error(String yaml) {
    return error(yaml, Map.of());
  }

  private static ConfigException error(String yaml, Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> parse(yaml, env));
  }

  private static void assertContains(String haystack, String... needles) {
    for (String n : needles) {
      assertTrue(haystack.contains(n), () -> "expected <" + n + "> in: " + haystack);
    }
  }

  // ---- a valid file ------------------------------------------------------------------------

  @Test
  void aSectionWithNothingUnderItIsEmptyNotASingleValue() {
    // "settings:" with its lines commented out, or a preset section left for the environment
    OtelPresetsConfig c =
        parse(
            "callbacks: [otel]\n"
                + "settings:\n"
                + "  # service_name: my-gateway\n"
                + "tenants:\n"
                + "presets:\n"
                + "  otel:\n");
    assertEquals(Optional.empty(), c.serviceName());
    assertTrue(c.presetSections().get("otel").entries().isEmpty());
    // an empty value where a list of rules belongs says so, rather than "a single value"
    assertContains(
        error("settings:\n  redact:\n").getMessage(),
        "settings.redact: expected a list of rules",
        "but found an empty value");
  }

  @Test
  void readsEveryFrameworkSettingWithItsValue() {
    OtelPresetsConfig c =
        parse(
            """
        callbacks: [mem-alpha, otel]
        settings:
          service_name: my-gateway
          capture_message_content: span_only
          max_queue_size: 100
          max_export_batch_size: 50
          schedule_delay_ms: 250
          export_timeout_ms: 3000
          publish_global: false
          existing_global: attach
          shutdown_hook: false
        presets:
          mem-alpha:
            project: p1
        """);
    assertEquals(
        List.of("mem-alpha", "otel"),
        c.callbacks().stream().map(OtelPresetsConfig.Callback::name).toList());
    assertEquals(new ConfigLocation(SRC, 1, 13), c.callbacks().get(0).location());
    assertEquals(new ConfigLocation(SRC, 1, 24), c.callbacks().get(1).location());
    assertEquals("my-gateway", c.serviceName().orElseThrow());
    assertEquals(ContentCapture.SPAN_ONLY, c.contentCapture().orElseThrow());
    assertEquals(100, c.maxQueueSize().orElseThrow());
    assertEquals(50, c.maxExportBatchSize().orElseThrow());
    assertEquals(Duration.ofMillis(250), c.scheduleDelay().orElseThrow());
    assertEquals(Duration.ofMillis(3000), c.exportTimeout().orElseThrow());
    assertFalse(c.publishGlobal());
    assertEquals(OtelPresetsConfig.ExistingGlobal.ATTACH, c.existingGlobal());
    assertFalse(c.shutdownHook());
    ConfigNode.MapNode alpha = c.presetSections().get("mem-alpha");
    assertEquals("p1", ((ConfigNode.ScalarNode) alpha.get("project")).text());
    assertEquals("presets.mem-alpha.project", alpha.get("project").path());
    assertEquals(SRC, c.source());
  }

  @Test
  void defaultsWhenSettingsAreAbsent() {
    OtelPresetsConfig c = parse("callbacks: [otel]\n");
    assertTrue(c.publishGlobal());
    assertTrue(c.shutdownHook());
    assertEquals(OtelPresetsConfig.ExistingGlobal.FAIL, c.existingGlobal());
    assertTrue(c.contentCapture().isEmpty(), "silent YAML must leave the env variable in charge");
    assertTrue(c.maxQueueSize().isEmpty());
    assertTrue(c.serviceName().isEmpty());
  }

  @Test
  void emptyDocumentIsAnEmptyConfiguration() {
    OtelPresetsConfig c = parse("");
    assertTrue(c.callbacks().isEmpty());
    assertTrue(c.presetSections().isEmpty());
  }

  @Test
  void topLevelListIsRejected() {
    ConfigException e = error("- otel\n");
    assertContains(e.getMessage(), SRC + ":1:1", "must be a mapping", "a list");
  }

  // ---- unknown keys ------------------------------------------------------------------------

  @Test
  void unknownTopLevelKeyNamesFileLineColumnKeySuggestionAndValidKeys() {
    ConfigException e = error("settings:\n  service_name: x\ncallbaks: [otel]\n");
    assertEquals(
        SRC
            + ":3:1: callbaks: unknown key 'callbaks' at the top level. Did you mean"
            + " 'callbacks'? Valid keys: callbacks, settings, presets, tenants.",
        e.getMessage());
    assertEquals(new ConfigLocation(SRC, 3, 1), e.location().orElseThrow());
    assertEquals("callbaks", e.key().orElseThrow());
  }

  @Test
  void unknownTopLevelKeyWithoutCloseMatchHasNoSuggestion() {
    ConfigException e = error("telemetry_backends: [otel]\n");
    assertContains(
        e.getMessage(),
        "unknown key 'telemetry_backends' at the top level.",
        "Valid keys: callbacks, settings, presets, tenants.");
    assertFalse(e.getMessage().contains("Did you mean"), e.getMessage());
  }

  @Test
  void unknownKeyWithMappingValueIsReportedAtTheKeyLine() {
    ConfigException e = error("setings:\n  service_name: x\n");
    assertEquals(new ConfigLocation(SRC, 1, 1), e.location().orElseThrow(), e.getMessage());
  }

  @Test
  void unknownSettingsKeySuggestsAndListsSettingsKeys() {
    ConfigException e = error("settings:\n  max_queue_sise: 10\n");
    assertContains(
        e.getMessage(),
        SRC
            + ":2:3: settings.max_queue_sise: unknown key"
            + " 'max_queue_sise' in settings. Did you mean 'max_queue_size'?",
        "Valid keys: service_name, capture_message_content, max_queue_size,"
            + " max_export_batch_size, schedule_delay_ms, export_timeout_ms,"
            + " max_requests_in_flight, publish_global, existing_global, shutdown_hook,"
            + " max_attribute_value_length, redact.");
  }

  // ---- syntax ------------------------------------------------------------------------------

  @Test
  void badYamlIsReportedWithLineColumnAndInvalidYaml() {
    ConfigException e = error("callbacks: [otel\nsettings:\n  shutdown_hook: false\n");
    assertTrue(
        e.getMessage()
            .matches("(?s)" + java.util.regex.Pattern.quote(SRC) + ":\\d+:\\d+: invalid YAML: .*"),
        e.getMessage());
    ConfigLocation l = e.location().orElseThrow();
    assertTrue(l.line() >= 1 && l.column() >= 1, l.toString());
    assertContains(e.getMessage(), "brackets and quotes are closed");
  }

  @Test
  void mappingValueOnTheSameLineIsInvalidYamlAtThatLine() {
    ConfigException e = error("settings:\n  service_name: a: b\n");
    assertContains(e.getMessage(), SRC + ":2:", "invalid YAML: mapping values are not allowed");
    assertEquals(2, e.location().orElseThrow().line());
  }

  @Test
  void duplicateKeyNamesBothLocations() {
    ConfigException e = error("settings:\n  service_name: x\n  service_name: y\n");
    assertEquals(
        SRC
            + ":3:3: settings.service_name: duplicate key; it is already set at "
            + SRC
            + ":2:17. Remove one of them.",
        e.getMessage());
  }

  // ---- types -------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "-1", "abc", "NaN", "Infinity", "0.5f", "'1e3'"})
  void sampleRatioOutsideZeroToOneIsRefusedWithOneLine(String bad) {
    ConfigException e =
        error("callbacks: [langfuse]\npresets:\n  langfuse:\n" + "    sample_ratio: " + bad + "\n");
    String shown = bad.replace("'", "");
    assertEquals(
        SRC
            + ":4:19: presets.langfuse.sample_ratio: must be a number from 0 to 1, got '"
            + shown
            + "'; write a number from 0 (send no traces) to 1 (send every trace), e.g. 0.25",
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "0.5", "1.0", "0.0", ".25", "\"0.75\""})
  void sampleRatioFromZeroToOneIsAccepted(String good) {
    OtelPresetsConfig c = parse("presets:\n  langfuse:\n    sample_ratio: " + good + "\n");
    double d =
        ConfigLoader.sampleRatio(c.presetSections().get("langfuse").entries().get("sample_ratio"));
    assertEquals(Double.parseDouble(good.replace("\"", "")), d);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd", "GZIP", "deflate", "true", "'gzip none'"})
  void compressionOtherThanGzipOrNoneIsRefusedWithOneLine(String bad) {
    ConfigException e =
        error("callbacks: [langfuse]\npresets:\n  langfuse:\n" + "    compression: " + bad + "\n");
    String shown = bad.replace("'", "");
    assertEquals(
        SRC
            + ":4:18: presets.langfuse.compression: must be gzip or none, got '"
            + shown
            + "'; write gzip (the default: smaller bodies, more CPU) or none (uncompressed,"
            + " e.g. for a collector on the same host)",
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void compressionAsAListIsRefusedNamingTheKey() {
    ConfigException e = error("presets:\n  langfuse:\n    compression: [gzip]\n");
    assertContains(e.getMessage(), "presets.langfuse.compression: must be gzip or none");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "none", "\" none \"", "'gzip'"})
  void compressionGzipOrNoneIsAccepted(String good) {
    OtelPresetsConfig c = parse("presets:\n  langfuse:\n    compression: " + good + "\n");
    assertEquals(
        good.replaceAll("[\"' ]", ""),
        ConfigLoader.compression(c.presetSections().get("langfuse").entries().get("compression")));
  }

  @Test
  void nonNumericQueueSize() {
    ConfigException e = error("settings:\n  max_queue_size: abc\n");
    assertEquals(
        SRC + ":2:19: settings.max_queue_size: must be a positive whole number, got" + " 'abc'",
        e.getMessage());
  }

  @Test
  void requestsInFlightAreOneToSixteenAndAbsentByDefault() {
    assertTrue(parse("settings:\n  service_name: x\n").maxRequestsInFlight().isEmpty());
    assertEquals(1, parse("settings:\n  max_requests_in_flight: 1\n").maxRequestsInFlight().get());
    assertEquals(
        16, parse("settings:\n  max_requests_in_flight: 16\n").maxRequestsInFlight().get());
    assertContains(
        error("settings:\n  max_requests_in_flight: 0\n").getMessage(),
        "settings.max_requests_in_flight: must be a positive whole number, got 0");
    assertEquals(
        SRC
            + ":2:27: settings.max_requests_in_flight: must be at most 16, got 17 (each unanswered"
            + " request holds a whole batch; the default is 2, 1 sends one batch at a time and in"
            + " order)",
        error("settings:\n  max_requests_in_flight: 17\n").getMessage());
  }

  @Test
  void zeroQueueSize() {
    ConfigException e = error("settings:\n  schedule_delay_ms: 0\n");
    assertContains(
        e.getMessage(), "settings.schedule_delay_ms: must be a positive whole number," + " got 0");
  }

  @Test
  void nonBooleanPublishGlobal() {
    ConfigException e = error("settings:\n  publish_global: maybe\n");
    assertEquals(
        SRC + ":2:19: settings.publish_global: must be true or false, got 'maybe'", e.getMessage());
  }

  @Test
  void unknownContentCaptureModeListsValidModes() {
    ConfigException e = error("settings:\n  capture_message_content: loud\n");
    assertContains(
        e.getMessage(),
        SRC + ":2:28: settings.capture_message_content:",
        "'loud' is not a content capture mode",
        "no_content, span_only, span_and_event, event_only");
  }

  @Test
  void booleanContentCaptureIsAcceptedForCompatibility() {
    assertEquals(
        ContentCapture.SPAN_ONLY,
        parse("settings: {capture_message_content: true}").contentCapture().orElseThrow());
    assertEquals(
        ContentCapture.NO_CONTENT,
        parse("settings: {capture_message_content: false}").contentCapture().orElseThrow());
  }

  @Test
  void unknownExistingGlobalMode() {
    ConfigException e = error("settings:\n  existing_global: replace\n");
    assertContains(
        e.getMessage(),
        "settings.existing_global: 'replace' is not valid; use 'fail'",
        "or 'attach'");
  }

  @Test
  void settingsMustBeAMapping() {
    ConfigException e = error("settings: [a, b]\n");
    assertContains(e.getMessage(), SRC + ":1:11: settings: expected a mapping", "found a list");
  }

  @Test
  void settingValueMustBeScalar() {
    ConfigException e = error("settings:\n  service_name: [a]\n");
    assertContains(e.getMessage(), "settings.service_name: expected a value but found a list");
  }

  @Test
  void batchLargerThanQueueIsReportedAtTheBatchSetting() {
    ConfigException e = error("settings:\n  max_queue_size: 10\n  max_export_batch_size: 20\n");
    assertEquals(
        SRC
            + ":3:26: settings.max_export_batch_size: max_export_batch_size (20) must"
            + " not exceed max_queue_size (10)",
        e.getMessage());
  }

  @Test
  void batchEqualToQueueIsFine() {
    OtelPresetsConfig c = parse("settings: {max_queue_size: 10, max_export_batch_size: 10}");
    assertEquals(10, c.maxExportBatchSize().orElseThrow());
  }

  // ---- ${VAR} substitution -----------------------------------------------------------------

  @Test
  void variableIsResolvedFromTheInjectedEnvironment() {
    OtelPresetsConfig c =
        parse(
            "settings:\n  service_name: svc-${STAGE}-1\n  max_queue_size:" + " ${QUEUE}\n",
            Map.of("STAGE", "prod", "QUEUE", "77"));
    assertEquals("svc-prod-1", c.serviceName().orElseThrow());
    assertEquals(77, c.maxQueueSize().orElseThrow());
  }

  @Test
  void defaultIsUsedOnlyWhenTheVariableIsUnsetOrBlank() {
    assertEquals(
        "fallback",
        parse("settings: {service_name: \"${NAME:-fallback}\"}").serviceName().orElseThrow());
    assertEquals(
        "set",
        parse("settings: {service_name: \"${NAME:-fallback}\"}", Map.of("NAME", "set"))
            .serviceName()
            .orElseThrow());
    assertEquals(
        "fallback",
        parse("settings: {service_name: \"${NAME:-fallback}\"}", Map.of("NAME", "  "))
            .serviceName()
            .orElseThrow());
  }

  @Test
  void unsetVariableWithoutDefaultNamesTheVariableAndLine() {
    ConfigException e = error("callbacks: [otel]\nsettings:\n  service_name: ${SERVICE_NAME}\n");
    assertEquals(
        SRC
            + ":3:17: settings.service_name: environment variable SERVICE_NAME is not"
            + " set. Set it, or write ${SERVICE_NAME:-default} to give a default.",
        e.getMessage());
  }

  @Test
  void doubleDollarWritesALiteral() {
    OtelPresetsConfig c = parse("settings:\n  service_name: \"cost-$${NOT_A_VAR}\"\n");
    assertEquals("cost-${NOT_A_VAR}", c.serviceName().orElseThrow());
  }

  @Test
  void malformedReferenceIsAnError() {
    ConfigException e = error("settings:\n  service_name: \"${BROKEN\"\n");
    assertContains(
        e.getMessage(), SRC + ":2:17: settings.service_name: malformed variable" + " reference");
  }

  @Test
  void malformedReferenceAfterAValidOneIsAnError() {
    ConfigException e = error("settings:\n  service_name: \"${A} ${BROKEN\"\n", Map.of("A", "a"));
    assertContains(e.getMessage(), "malformed variable reference");
  }

  // ---- callbacks ---------------------------------------------------------------------------

  @Test
  void callbacksAsAList() {
    OtelPresetsConfig c = parse("callbacks:\n  - mem-alpha\n  - \" otel \"\n");
    assertEquals(List.of("mem-alpha", "otel"), ConfigLoader.names(c.callbacks()));
    assertEquals(new ConfigLocation(SRC, 3, 5), c.callbacks().get(1).location());
  }

  @Test
  void callbacksAsACommaSeparatedScalarFromAVariable() {
    OtelPresetsConfig c =
        parse("callbacks: ${CALLBACKS}\n", Map.of("CALLBACKS", "mem-alpha, otel,,mem-beta "));
    assertEquals(List.of("mem-alpha", "otel", "mem-beta"), ConfigLoader.names(c.callbacks()));
  }

  @Test
  void callbacksAsAMapIsAnError() {
    ConfigException e = error("callbacks:\n  langfuse: true\n");
    assertContains(
        e.getMessage(),
        SRC
            + ":2:3: callbacks: expected a list of callback names,"
            + " e.g. callbacks: [langfuse, otel]");
  }

  @Test
  void nullCallbackInListIsAnError() {
    ConfigException e = error("callbacks: [otel, ~]\n");
    assertContains(e.getMessage(), "callbacks[1]: expected a callback name", "an empty value");
  }

  @Test
  void emptyCallbacksMeansNone() {
    assertTrue(parse("callbacks:\n").callbacks().isEmpty());
  }

  // ---- extension sections ------------------------------------------------------------------

  @Test
  void extensionSectionIsAcceptedOnlyWhenDeclared() {
    String yaml = "callbacks: [otel]\nmodels:\n  gpt-4o: {provider: openai}\n";
    ConfigException e = error(yaml);
    assertContains(e.getMessage(), "unknown key 'models' at the top level");

    OtelPresetsConfig c =
        ConfigLoader.create(Environment.of(Map.of()), Set.of("models")).parse(yaml, SRC);
    ConfigNode models = c.extensions().get("models");
    ConfigNode.MapNode gpt = models.asMap().get("gpt-4o").asMap();
    assertEquals("openai", ((ConfigNode.ScalarNode) gpt.get("provider")).text());
    assertEquals("models.gpt-4o.provider", gpt.get("provider").path());
  }

  @Test
  void undeclaredSectionListsTheDeclaredOnesAsValid() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.create(Environment.of(Map.of()), Set.of("models"))
                    .parse("model:\n  a: b\n", SRC));
    assertContains(
        e.getMessage(),
        "unknown key 'model'",
        "Did you mean 'models'?",
        "Valid keys: callbacks, settings, presets, tenants, models.");
  }

  // ---- files -------------------------------------------------------------------------------

  @Test
  void missingFileNamesThePath(@TempDir Path dir) {
    Path missing = dir.resolve("nope/otel-presets.yaml");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.create(Environment.of(Map.of())).load(missing));
    assertContains(e.getMessage(), "config file " + missing + " does not exist. Check the path");
  }

  @Test
  void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, "callbacks: [otel]\nsettings:\n  publish_global: perhaps\n");
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> ConfigLoader.create(Environment.of(Map.of())).load(file));
    assertTrue(e.getMessage().startsWith(file + ":3:19: settings.publish_global:"), e.getMessage());
  }

  @Test
  void loadsAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ok.yaml");
    Files.writeString(file, "callbacks: [otel]\nsettings: {service_name: from-file}\n");
    OtelPresetsConfig c = ConfigLoader.create(Environment.of(Map.of())).load(file);
    assertEquals("from-file", c.serviceName().orElseThrow());
    assertEquals(file.toString(), c.source());
  }

  // ---- secrets never in messages -----------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "api_key: sk-secret-123\n",
        "settings:\n  api_key: sk-secret-123\n",
        "settings:\n  service_name:\n    api_key: sk-secret-123\n",
        "settings: sk-secret-123\n",
        "callbacks:\n  - otel\n  - api_key: sk-secret-123\n",
        "callbacks:\n  api_key: sk-secret-123\n",
        "presets: sk-secret-123\n",
        "presets:\n  - api_key: sk-secret-123\n",
        "presets:\n  langfuse: sk-secret-123\n",
        "settings:\n  service_name: x\n  api_key: \"sk-secret-123\n",
        "settings:\n\tapi_key: sk-secret-123\n",
        "settings:\n  api_key: sk-secret-123\n  api_key: sk-secret-123\n",
        "callbacks: [otel\napi_key: sk-secret-123\n",
        "settings:\n  service_name: sk-secret-123: x\n",
      })
  void noMessageContainsTheSecretValue(String yaml) {
    ConfigException e = error(yaml);
    assertFalse(e.getMessage().contains("sk-secret-123"), e.getMessage());
    assertTrue(e.getMessage().startsWith(SRC + ":"), e.getMessage());
  }

  @Test
  void substitutedSecretIsNotEchoedByAnUnrelatedError() {
    ConfigException e =
        error(
            "settings:\n  service_name: ${API_KEY}\n  shutdown_hook: nope\n",
            Map.of("API_KEY", "sk-secret-123"));
    assertContains(e.getMessage(), "settings.shutdown_hook: must be true or false");
    assertFalse(e.getMessage().contains("sk-secret-123"), e.getMessage());
  }

  @Test
  void configToStringHasNoValues() {
    OtelPresetsConfig c =
        parse("callbacks: [mem-alpha]\npresets:\n  mem-alpha:\n" + "    project: sk-secret-123\n");
    assertFalse(c.toString().contains("sk-secret-123"), c.toString());
    assertInstanceOf(ConfigNode.MapNode.class, c.presetSections().get("mem-alpha"));
  }

  @Test
  void unquotedReferencesWorkInsideFlowMappingsAndSequences() {
    ConfigLoader loader =
        ConfigLoader.create(
            dev.otelpresets.core.Environment.of(Map.of("TEAM_A_ARIZE_KEY", "k-1", "CB", "otel")),
            java.util.Set.of("keys"));
    OtelPresetsConfig c =
        loader.parse(
            "callbacks: [${CB}, ${MORE:-mem-alpha,mem-beta}]\n"
                + "keys:\n  sk-a:\n    credentials:\n"
                + "      arize: { arize_space_id: s, arize_api_key: ${TEAM_A_ARIZE_KEY} }\n",
            SRC);
    assertEquals(List.of("otel", "mem-alpha,mem-beta"), ConfigLoader.names(c.callbacks()));
    ConfigNode.MapNode arize =
        c.extensions()
            .get("keys")
            .asMap()
            .get("sk-a")
            .asMap()
            .get("credentials")
            .asMap()
            .get("arize")
            .asMap();
    assertEquals("k-1", ((ConfigNode.ScalarNode) arize.get("arize_api_key")).text());
    assertEquals(
        new ConfigLocation(SRC, 5, 50),
        arize.get("arize_api_key").location(),
        "columns stay exact");
  }

  @Test
  void anUnsetReferenceInAFlowMappingIsReportedAtItsColumn() {
    ConfigException e = error("settings: { service_name: ${NOPE} }\n");
    assertContains(
        e.getMessage(),
        SRC + ":1:27: settings.service_name: environment variable" + " NOPE is not set");
  }

  // ---- tenants.allowed_hosts ---------------------------------------------------------------

  @Test
  void allowedHostsTakeHostsAndHostPortsInLowerCase() {
    OtelPresetsConfig c =
        parse(
            """
        tenants:
          allowed_hosts: [Langfuse.Example.com, "lf.example.com:8443", "[::1]:4318", "[::1]"]
        """);
    assertEquals(
        Set.of("langfuse.example.com", "lf.example.com:8443", "[::1]:4318", "[::1]"),
        c.tenantAllowedHosts());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://lf.example.com",
        "lf.example.com/api",
        "user@lf.example.com",
        "lf.example.com:",
        "lf.example.com:0",
        "lf.example.com:65536",
        "lf.example.com:http",
        "::1",
        "lf example.com",
        "lf.exämple.com"
      })
  void aMalformedAllowedHostIsOneErrorNamingTheEntryAndTheForms(String entry) {
    ConfigException e = error("tenants:\n  allowed_hosts: [\"" + entry + "\"]\n");
    assertContains(e.getMessage(), "tenants.allowed_hosts[0]", SRC + ":2:");
    assertTrue(
        e.getMessage().contains("host:port") || e.getMessage().contains("1-65535"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  // ---- tenants.credentials -----------------------------------------------------------------

  @Test
  void tenantCredentialsAreReadPerTenantAndOwnerWithVariables() {
    OtelPresetsConfig c =
        parse(
            """
        tenants:
          credentials:
            team-a:
              langfuse: { langfuse_public_key: pk-a, langfuse_secret_key: ${TEAM_A_LF_SECRET} }
              arize: { arize_space_id: s-a, arize_api_key: ${TEAM_A_ARIZE_KEY} }
            team-b:
              langfuse: { langfuse_public_key: " pk-b ", langfuse_secret_key: "${B:-}" }
        """,
            Map.of("TEAM_A_LF_SECRET", "sk-a", "TEAM_A_ARIZE_KEY", "ak-a"));
    assertEquals(List.of("team-a", "team-b"), List.copyOf(c.tenants().keySet()));
    dev.otelpresets.core.Tenant a = c.tenants().get("team-a");
    assertEquals(
        Map.of("langfuse_public_key", "pk-a", "langfuse_secret_key", "sk-a"),
        a.credentialsFor("langfuse"));
    assertEquals(
        Map.of("arize_space_id", "s-a", "arize_api_key", "ak-a"), a.credentialsFor("arize"));
    // trimmed; a blank value leaves its key out
    assertEquals(
        Map.of("langfuse_public_key", "pk-b"),
        c.tenants().get("team-b").credentialsFor("langfuse"));
    assertFalse(a.toString().contains("sk-a"), a.toString());
    assertTrue(parse("callbacks: []\n").tenants().isEmpty());
  }

  @Test
  void aTenantCredentialThatCannotBeAHeaderIsRefusedNamingTheKeyNotTheValue() {
    ConfigException e =
        error(
            """
        tenants:
          credentials:
            team-a:
              langfuse: { langfuse_public_key: pk-a, langfuse_secret_key: "sk-secret\\nX" }
        """);
    assertContains(
        e.getMessage(), SRC + ":4:", "tenants.credentials.team-a.langfuse.langfuse_secret_key");
    assertFalse(e.getMessage().contains("sk-secret"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void aBadOwnerOrTenantIdOrNestedValueIsOneErrorAtItsKey() {
    assertContains(
        error(
                """
        tenants:
          credentials:
            team-a:
              Lang Fuse: { k: v }
        """)
            .getMessage(),
        SRC + ":4:",
        "not an exporter owner id");
    assertContains(
        error(
                """
        tenants:
          credentials:
            "team\ta":
              langfuse: { k: v }
        """)
            .getMessage(),
        SRC + ":3:",
        "a tenant id must be");
    assertContains(
        error(
                """
        tenants:
          credentials:
            team-a:
              langfuse: { k: [v] }
        """)
            .getMessage(),
        SRC + ":4:",
        "tenants.credentials.team-a.langfuse.k",
        "expected a single value");
    assertContains(
        error("tenants:\n  credential: {}\n").getMessage(), "Did you mean 'credentials'?");
  }
}
