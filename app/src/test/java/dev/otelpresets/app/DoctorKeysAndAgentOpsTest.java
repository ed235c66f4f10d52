package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.otelpresets.testkit.FakeTokenEndpoint;
import dev.otelpresets.testkit.OtlpReceiver;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor} checks the gateway's {@code keys:} against the presets' tenant rules and the
 * allowlist, and {@code doctor --probe} performs AgentOps' token exchange before probing its OTLP
 * endpoint with the token. No key, credential or token is ever printed, plain or encoded.
 */
class DoctorKeysAndAgentOpsTest {
  private static final String AGENTOPS_KEY = "agentops-key-7f3c9e";
  private static final String LF_SECRET = "sk-lf-team-secret-91ab";

  @TempDir Path dir;

  private Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static void assertNoSecret(CommandLineTest.Run r, String... secrets) {
    String all = r.out() + r.err();
    for (String s : secrets) {
      assertFalse(all.contains(s), "leaked " + s + ":\n" + all);
      assertFalse(
          all.contains(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8))),
          "leaked base64 of " + s);
    }
    assertFalse(all.contains("pk-lf-a:"), "no Basic credentials: " + all);
  }

  private static Map<String, String> env(OtlpReceiver langfuse) {
    Map<String, String> env = new HashMap<>();
    env.put("LANGFUSE_HOST", langfuse.baseUrl());
    env.put("LANGFUSE_PUBLIC_KEY", "pk-operator");
    env.put("LANGFUSE_SECRET_KEY", "sk-operator-secret");
    env.put("TEAM_SECRET", LF_SECRET);
    return env;
  }

  @Test
  void keysAreCheckedAgainstTheTenantRulesWithoutShowingAValue() throws Exception {
    try (OtlpReceiver langfuse = OtlpReceiver.start("langfuse")) {
      Path cfg =
          file(
              "gateway.yaml",
              """
          callbacks: [langfuse]
          tenants:
            allowed_hosts: [allowed.example.com]
          models:
            - name: m
          keys:
            sk-complete-caller-key:
              team: complete
              credentials:
                langfuse: { langfuse_public_key: pk-lf-a, langfuse_secret_key: ${TEAM_SECRET} }
            sk-incomplete-caller-key:
              team: incomplete
              credentials:
                langfuse: { langfuse_public_key: pk-lf-a }
            sk-typo-caller-key:
              team: typo
              credentials:
                langfuse: { langfuse_public_key: pk-lf-a, langfuse_secrt_key: ${TEAM_SECRET} }
            sk-far-host-caller-key:
              team: far
              credentials:
                langfuse:
                  langfuse_public_key: pk-lf-a
                  langfuse_secret_key: ${TEAM_SECRET}
                  langfuse_host: https://elsewhere.example.net
            sk-allowed-host-caller-key:
              team: near
              credentials:
                langfuse:
                  langfuse_public_key: pk-lf-a
                  langfuse_secret_key: ${TEAM_SECRET}
                  langfuse_host: https://allowed.example.com
            sk-unused-caller-key:
              team: unused
              credentials:
                arize: { arize_space_id: s, arize_api_key: ${TEAM_SECRET} }
          """);
      CommandLineTest.Run r =
          CommandLineTest.run(env(langfuse), "doctor", "--config", cfg.toString());
      assertEquals(1, r.exit(), r.out() + r.err());
      String out = r.out();
      assertTrue(out.contains("Gateway keys"), out);
      assertTrue(
          out.contains(
              "team complete: langfuse (langfuse_public_key," + " langfuse_secret_key) ok"),
          out);
      assertTrue(
          out.contains("WARNING: keys: team incomplete: credentials for 'langfuse'" + " refused:")
              && out.contains("langfuse_secret_key"),
          out);
      assertTrue(
          out.contains(
              "WARNING: keys: team typo: unknown credential key(s)" + " [langfuse_secrt_key]"),
          out);
      assertTrue(
          out.contains(
              "WARNING: keys: team far: the 'langfuse' endpoint"
                  + " elsewhere.example.net:443 is not on tenants.allowed_hosts"),
          out);
      assertTrue(
          out.contains(
              "team near: langfuse (langfuse_host, langfuse_public_key,"
                  + " langfuse_secret_key) ok"),
          out);
      assertTrue(
          out.contains(
              "note: keys: team unused: credentials for 'arize', but no preset"
                  + " in callbacks exports to 'arize'"),
          out);
      assertTrue(out.contains("3 warning(s)."), out);
      assertNoSecret(
          r, LF_SECRET, "sk-complete-caller-key", "sk-incomplete-caller-key", "sk-operator-secret");
    }
  }

  @Test
  void anEmptyKeysSectionIsAWarningAndACompleteOneIsClean() throws Exception {
    try (OtlpReceiver langfuse = OtlpReceiver.start("langfuse")) {
      Path empty = file("empty.yaml", "callbacks: [langfuse]\nmodels:\n  - name: m\nkeys: {}\n");
      CommandLineTest.Run r =
          CommandLineTest.run(env(langfuse), "doctor", "--config", empty.toString());
      assertEquals(1, r.exit(), r.out());
      assertTrue(r.out().contains("keys: is empty: the gateway refuses every request"), r.out());

      Path ok =
          file(
              "ok.yaml",
              "callbacks: [langfuse]\nmodels:\n  - name: m\nkeys:\n"
                  + "  sk-a: {}\n  sk-b:\n    team: b\n    credentials:\n      langfuse:"
                  + " { langfuse_public_key: pk-b, langfuse_secret_key: ${TEAM_SECRET} }\n");
      CommandLineTest.Run clean =
          CommandLineTest.run(env(langfuse), "doctor", "--config", ok.toString());
      assertEquals(0, clean.exit(), clean.out());
      assertNoSecret(clean, LF_SECRET, "sk-a", "sk-b");
    }
  }

  @Test
  void aMistypedTenantsCredentialsKeyIsRefusedAsAtStart() throws Exception {
    try (OtlpReceiver langfuse = OtlpReceiver.start("langfuse")) {
      Path cfg =
          file(
              "tenants.yaml",
              """
          callbacks: [langfuse]
          tenants:
            credentials:
              team-a:
                langfuse: { langfuse_public_key: pk-lf-a, langfuse_secrt_key: ${TEAM_SECRET} }
          """);
      CommandLineTest.Run r =
          CommandLineTest.run(env(langfuse), "doctor", "--config", cfg.toString());
      assertEquals(2, r.exit(), r.out() + r.err());
      assertTrue(
          r.err()
              .contains(
                  "tenants.yaml:5:49: tenants.credentials.team-a.langfuse.langfuse_secrt_key:"
                      + " unknown credential key 'langfuse_secrt_key' for 'langfuse'."),
          r.err());
      assertNoSecret(r, LF_SECRET, "sk-operator-secret");
    }
  }

  @Test
  void tenantsCredentialsAreCheckedLikeKeysWithoutShowingAValue() throws Exception {
    try (OtlpReceiver langfuse = OtlpReceiver.start("langfuse")) {
      Path cfg =
          file(
              "tenants.yaml",
              """
          callbacks: [langfuse]
          tenants:
            allowed_hosts: [allowed.example.com]
            credentials:
              team-ok:
                langfuse: { langfuse_public_key: pk-lf-a, langfuse_secret_key: ${TEAM_SECRET} }
              team-incomplete:
                langfuse: { langfuse_public_key: pk-lf-a }
              team-far:
                langfuse:
                  langfuse_public_key: pk-lf-a
                  langfuse_secret_key: ${TEAM_SECRET}
                  langfuse_host: https://elsewhere.example.net
          """);
      CommandLineTest.Run r =
          CommandLineTest.run(env(langfuse), "doctor", "--config", cfg.toString());
      assertEquals(1, r.exit(), r.out() + r.err());
      String out = r.out();
      assertTrue(out.contains("Tenants (tenants.credentials"), out);
      assertTrue(
          out.contains("tenant team-ok: langfuse (langfuse_public_key, langfuse_secret_key) ok"),
          out);
      assertTrue(
          out.contains(
              "WARNING: tenants.credentials: tenant team-incomplete: credentials for"
                  + " 'langfuse' refused:"),
          out);
      assertTrue(
          out.contains(
              "WARNING: tenants.credentials: tenant team-far: the 'langfuse' endpoint"
                  + " elsewhere.example.net:443 is not on tenants.allowed_hosts"),
          out);
      assertTrue(out.contains("2 warning(s)."), out);
      assertNoSecret(r, LF_SECRET, "sk-operator-secret");
    }
  }

  private static Map<String, String> agentOpsEnv(String tokenBase, OtlpReceiver otlp) {
    return Map.of(
        "AGENTOPS_API_KEY",
        AGENTOPS_KEY,
        "AGENTOPS_API_ENDPOINT",
        tokenBase,
        "AGENTOPS_EXPORTER_ENDPOINT",
        otlp.tracesUrl());
  }

  @Test
  void theAgentOpsProbeExchangesTheKeyThenProbesWithTheToken() throws Exception {
    Path cfg = file("agentops.yaml", "callbacks: [agentops]\n");
    try (FakeTokenEndpoint tokens = FakeTokenEndpoint.startAccepting(AGENTOPS_KEY);
        OtlpReceiver otlp = OtlpReceiver.start("agentops")) {
      CommandLineTest.Run ok =
          CommandLineTest.run(
              agentOpsEnv(tokens.baseUrl(), otlp), "doctor", "--config", cfg.toString(), "--probe");
      assertEquals(0, ok.exit(), ok.out());
      assertTrue(
          ok.out().contains("token exchange ok; 200: AgentOps accepted the export"), ok.out());
      assertEquals(1, tokens.calls());
      assertEquals(
          "Bearer " + tokens.token(),
          otlp.requests().get(0).header("authorization"),
          "the OTLP probe carries the exchanged token");
      assertNoSecret(ok, AGENTOPS_KEY, tokens.token());

      otlp.respondWith(401);
      CommandLineTest.Run jwtRejected =
          CommandLineTest.run(
              agentOpsEnv(tokens.baseUrl(), otlp), "doctor", "--config", cfg.toString(), "--probe");
      assertEquals(1, jwtRejected.exit());
      assertTrue(
          jwtRejected.out().contains("401: AgentOps rejected the credentials"), jwtRejected.out());
      assertNoSecret(jwtRejected, AGENTOPS_KEY, tokens.token());
    }
    try (FakeTokenEndpoint tokens = FakeTokenEndpoint.startAccepting("another-key");
        OtlpReceiver otlp = OtlpReceiver.start("agentops")) {
      CommandLineTest.Run rejected =
          CommandLineTest.run(
              agentOpsEnv(tokens.baseUrl(), otlp), "doctor", "--config", cfg.toString(), "--probe");
      assertEquals(1, rejected.exit(), rejected.out());
      assertTrue(
          rejected
              .out()
              .contains(
                  "FAIL  agentops traces "
                      + otlp.tracesUrl()
                      + " -> 401: AgentOps rejected the API key"),
          rejected.out());
      assertTrue(otlp.requests().isEmpty(), "no OTLP probe without a token");
      assertNoSecret(rejected, AGENTOPS_KEY);
    }
  }

  @Test
  void aRedirectingTokenEndpointIsNotFollowed() throws Exception {
    Path cfg = file("agentops.yaml", "callbacks: [agentops]\n");
    AtomicInteger elsewhere = new AtomicInteger();
    HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    other.createContext(
        "/",
        ex -> {
          elsewhere.incrementAndGet();
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    HttpServer redirecting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    redirecting.createContext(
        "/",
        ex -> {
          ex.getResponseHeaders()
              .set("Location", "http://127.0.0.1:" + other.getAddress().getPort() + "/steal");
          ex.sendResponseHeaders(307, -1);
          ex.close();
        });
    other.start();
    redirecting.start();
    try (OtlpReceiver otlp = OtlpReceiver.start("agentops")) {
      CommandLineTest.Run r =
          CommandLineTest.run(
              agentOpsEnv("http://127.0.0.1:" + redirecting.getAddress().getPort(), otlp),
              "doctor",
              "--config",
              cfg.toString(),
              "--probe");
      assertEquals(1, r.exit(), r.out());
      assertTrue(
          r.out().contains("307: the token endpoint redirects; redirects are not" + " followed"),
          r.out());
      assertEquals(0, elsewhere.get(), "the key went nowhere else");
      assertNoSecret(r, AGENTOPS_KEY);
    } finally {
      redirecting.stop(0);
      other.stop(0);
    }
  }
}
