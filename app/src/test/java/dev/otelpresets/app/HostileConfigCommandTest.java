package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.app.gateway.GatewayConfig;
import dev.otelpresets.core.Environment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's API keys are the keys of {@code keys:}, so a message about one of them names it
 * by position ({@code keys.(key #2)}), never by its text, plain or base64; one line, exit 2.
 */
class HostileConfigCommandTest {
  private static final String SECRET = "sk-SECRET-gw-7f3a";
  private static final String MODELS = "callbacks: [otel]\nmodels:\n  - name: m\n";

  @TempDir Path dir;

  private static void assertNoSecret(String text) {
    assertFalse(text.contains(SECRET), text);
    byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
    for (int pad = 0; pad < 3; pad++) {
      byte[] padded = new byte[pad + secret.length];
      System.arraycopy(secret, 0, padded, pad, secret.length);
      String b64 = Base64.getEncoder().encodeToString(padded);
      // the characters that depend on the secret alone
      String core = b64.substring(pad == 0 ? 0 : pad + 1, pad + 1 + 12);
      assertFalse(text.contains(core), "base64 of the secret in: " + text);
    }
  }

  private CommandLineTest.Run doctor(String yaml, Map<String, String> env) throws Exception {
    Path f = dir.resolve("gw.yaml");
    Files.writeString(f, yaml);
    return CommandLineTest.run(env, "doctor", "--config", f.toString());
  }

  @Test
  void aBrokenEntryOfKeysIsNamedByPositionNeverByTheKey() throws Exception {
    List<List<String>> cases =
        List.of(
            List.of(
                "keys:\n  sk-a: {}\n  " + SECRET + ": {}\n  " + SECRET + ": {}\n",
                "gw.yaml:7:3: keys.(key #3): duplicate key"),
            List.of("keys:\n  " + SECRET + ":\n    tean: x\n", "keys.(key #1).tean: unknown key"),
            List.of("keys:\n  " + SECRET + ":\n    team: [x]\n", "keys.(key #1).team: expected"),
            List.of("keys:\n  " + SECRET + ": 5\n", "keys.(key #1): expected a mapping"),
            List.of(
                "keys:\n  " + SECRET + ":\n    credentials:\n      langfuse: {secret_key: [x]}\n",
                "keys.(key #1).credentials.langfuse.secret_key: expected a single value"),
            List.of(
                "keys:\n  \"" + SECRET + "\\u00e9\": {}\n",
                "keys.(key #1): the API key contains a non-ASCII character"),
            List.of(
                "keys:\n  " + SECRET + ": {}\n  \" " + SECRET + "\\n\": {}\n",
                "keys.(key #2): this API key is the same as key #1"));
    for (List<String> c : cases) {
      CommandLineTest.Run r = doctor(MODELS + c.get(0), Map.of());
      assertEquals(2, r.exit(), r.err());
      assertTrue(r.err().contains(c.get(1)), () -> "expected <" + c.get(1) + "> in: " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertNoSecret(r.out() + r.err());
    }
  }

  @Test
  void aKeyFromAVariableIsSubstitutedAndTrimmedLikeThePresentedKey() {
    // a key file read into a variable ends in a newline; the caller's "Bearer <key>" is trimmed
    GatewayConfig config =
        GatewayConfig.from(
            GatewayConfig.loader(Environment.of(Map.of("GW_KEY", SECRET + "\n")))
                .parse(MODELS + "keys:\n  ${GW_KEY}: {team: a}\n", "gw.yaml"));
    assertEquals("a", config.lookup(SECRET).orElseThrow().team());
    assertTrue(config.lookup("${GW_KEY}").isEmpty());
  }

  @Test
  void anUpstreamWithAQueryIsRefusedWithoutShowingIt() throws Exception {
    // it was accepted, then called as ".../v1?key=...//chat/completions"
    for (String url :
        List.of(
            "https://proxy.example.com/v1?api-key=" + SECRET,
            "https://proxy.example.com/v1#" + SECRET)) {
      CommandLineTest.Run r =
          doctor(
              "callbacks: [otel]\nmodels:\n  - name: m\n    upstream: \"" + url + "\"\n", Map.of());
      assertEquals(2, r.exit(), r.out() + r.err());
      assertTrue(
          r.err().contains("models[0].upstream: a base URL takes no query or fragment"), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertNoSecret(r.out() + r.err());
    }
  }

  @Test
  void credentialsInAnEndpointUrlAreRefusedWithoutShowingThem() throws Exception {
    // no exporter (nor the upstream client) sends them, and doctor printed every endpoint whole
    String url = "https://user:" + SECRET + "@collector.example.com:4318";
    List<List<Object>> cases =
        List.of(
            List.of(
                "callbacks: [langfuse]\npresets:\n  langfuse: {public_key: pk, secret_key: sk,"
                    + " host: \""
                    + url
                    + "\"}\n",
                Map.of(),
                "presets.langfuse.host"),
            List.of(
                "callbacks: [otel]\nmodels:\n  - name: m\n    upstream: \"" + url + "/v1\"\n",
                Map.of(),
                "models[0].upstream: upstream: the URL carries credentials before '@'"
                    + " (https://<hidden>@collector.example.com:4318/v1)"),
            List.of(
                "callbacks: [otel]\npresets:\n  otel: {endpoint: \"" + url + "\"}\n",
                Map.of(),
                "OTEL_EXPORTER_OTLP_ENDPOINT (otel.exporter.otlp.endpoint): the URL carries"
                    + " credentials before '@' (not shown)"),
            List.of(
                "callbacks: [otel]\n",
                Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", url + "/v1/traces"),
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
    for (List<Object> c : cases) {
      @SuppressWarnings("unchecked")
      CommandLineTest.Run r = doctor((String) c.get(0), (Map<String, String>) c.get(1));
      assertEquals(2, r.exit(), r.out() + r.err());
      assertTrue(r.err().contains((String) c.get(2)), () -> c.get(2) + " in: " + r.err());
      assertTrue(r.err().contains("credentials before '@'"), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertNoSecret(r.out() + r.err());
    }
  }

  @Test
  void anOpenTelemetryVariableWithALineBreakIsRefusedOnOneLine() throws Exception {
    // autoconfigure quotes the value: doctor printed it over two lines
    CommandLineTest.Run r =
        doctor(MODELS, Map.of("OTEL_BSP_MAX_QUEUE_SIZE", "1\n0", "OTEL_TRACES_EXPORTER", "otlp"));
    assertEquals(2, r.exit(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("OTEL_BSP_MAX_QUEUE_SIZE"), r.err());

    // a setting that is not a header was told "a header value must be printable ASCII"
    CommandLineTest.Run exporter = doctor(MODELS, Map.of("OTEL_TRACES_EXPORTER", "otlp\nx"));
    assertEquals(2, exporter.exit(), exporter.err());
    assertTrue(
        exporter
            .err()
            .contains(
                "presets.otel.traces_exporter: environment variable OTEL_TRACES_EXPORTER contains"
                    + " a line break or another control character; a setting is one line"),
        exporter.err());
  }

  /**
   * A service name with a line break would print as two lines of doctor's report (the second one
   * forged by whoever set the variable): from the environment it is shown escaped, in the config
   * file it is refused with one line naming the key.
   */
  @Test
  void aServiceNameWithALineBreakCannotForgeAReportLine() throws Exception {
    CommandLineTest.Run r =
        doctor(MODELS, Map.of("OTEL_SERVICE_NAME", "svc\nexporters: all healthy"));
    assertTrue(
        r.out().contains("svc\\nexporters: all healthy (OTEL_SERVICE_NAME)"), r.out() + r.err());
    assertTrue(r.out().lines().noneMatch(l -> l.startsWith("exporters: all healthy")), r.out());

    CommandLineTest.Run file =
        doctor("settings:\n  service_name: \"svc\\r\\nforged\"\n" + MODELS, Map.of());
    assertEquals(2, file.exit(), file.out() + file.err());
    assertEquals(1, file.err().strip().lines().count(), file.err());
    assertTrue(
        file.err()
            .contains("settings.service_name: contains a line break or another control character"),
        file.err());
    assertFalse(file.err().contains("forged"), file.err());
  }

  /**
   * A mistyped credential name under a gateway key would leave that key's tenant on the
   * operator's backends without a word (doctor only warned): serve refuses it at start, as
   * {@code tenants.credentials}, naming the key by position and neither the API key nor a value.
   */
  @Test
  @org.junit.jupiter.api.Timeout(60) // without the check serve would start and wait
  void serveRefusesACredentialNameTheBackendNeverReads() throws Exception {
    Path f = dir.resolve("gw.yaml");
    Files.writeString(
        f,
        "callbacks: [langfuse]\n"
            + "presets:\n  langfuse:\n    public_key: pk-lf-op\n    secret_key: sk-lf-op\n"
            + "models:\n  - name: m\n"
            + "keys:\n  "
            + SECRET
            + ":\n    team: team-a\n    credentials:\n"
            + "      langfuse: { langfuse_publc_key: pk-a, langfuse_secret_key: "
            + SECRET
            + "-lf }\n");
    CommandLineTest.Run r =
        CommandLineTest.run(Map.of(), "serve", "--config", f.toString(), "--port", "0");
    assertEquals(2, r.exit(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("gw.yaml:12:39: "), r.err()); // the mistyped entry
    assertTrue(
        r.err()
            .contains(
                "keys.(key #1).credentials.langfuse.langfuse_publc_key: unknown credential key"
                    + " 'langfuse_publc_key' for 'langfuse'. Valid keys: langfuse_host,"
                    + " langfuse_public_key, langfuse_secret_key."),
        r.err());
    assertNoSecret(r.out() + r.err());
    // doctor goes on to show every key's problems, and says what serve does with this one
    CommandLineTest.Run checked = CommandLineTest.run(Map.of(), "doctor", "--config", f.toString());
    assertEquals(1, checked.exit(), checked.out() + checked.err());
    assertTrue(
        checked
            .out()
            .contains("unknown credential key(s) [langfuse_publc_key] for 'langfuse'; valid:"),
        checked.out());
    assertTrue(checked.out().contains("serve refuses such a key at start."), checked.out());
    assertNoSecret(checked.out() + checked.err());

    // the same key spelled right starts (and is stopped by the test at once)
    String fixed = Files.readString(f).replace("langfuse_publc_key", "langfuse_public_key");
    Files.writeString(f, fixed);
    CommandLineTest.Run ok = CommandLineTest.run(Map.of(), "doctor", "--config", f.toString());
    assertTrue(ok.exit() <= 1, ok.out() + ok.err());
    assertFalse(ok.out().contains("NOT USED"), ok.out());
  }
}
