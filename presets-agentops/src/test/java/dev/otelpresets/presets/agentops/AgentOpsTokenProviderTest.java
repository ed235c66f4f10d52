package dev.otelpresets.presets.agentops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentOpsTokenProviderTest {
  private static final Instant T0 = Instant.parse("2025-07-13T05:20:00Z");
  private static final Duration BASE = Duration.ofSeconds(1);
  private static final Duration MAX = Duration.ofSeconds(60);

  private final MutableClock clock = new MutableClock(T0);
  private final ScriptedFetcher fetcher = new ScriptedFetcher();
  private final AgentOpsTokenProvider tokens = new AgentOpsTokenProvider(fetcher, clock, BASE, MAX);

  /** Answers each fetch with the next scripted token, or fails when the script says so. */
  private static final class ScriptedFetcher implements AgentOpsTokenProvider.Fetcher {
    final Deque<String> script = new ArrayDeque<>();
    int calls;

    @Override
    public String fetch() throws IOException {
      calls++;
      String next = script.isEmpty() ? null : script.poll();
      if (next == null || next.equals("FAIL")) {
        throw new IOException("token endpoint answered HTTP 503");
      }
      return next;
    }
  }

  private static String jwt(String sub, Instant exp) {
    return TokenServer.jwt(sub.hashCode(), exp);
  }

  @Test
  void nothingIsFetchedUntilATokenIsNeeded() {
    assertEquals(0, fetcher.calls);
    assertEquals(Optional.empty(), tokens.cached());
  }

  @Test
  void cachesUntilShortlyBeforeTheJwtExpires() {
    String first = jwt("a", T0.plus(Duration.ofMinutes(10)));
    String second = jwt("b", T0.plus(Duration.ofMinutes(20)));
    fetcher.script.add(first);
    fetcher.script.add(second);

    assertEquals(Optional.of(first), tokens.token());
    clock.advance(Duration.ofMinutes(8));
    assertEquals(Optional.of(first), tokens.token());
    assertEquals(1, fetcher.calls);
    clock.advance(Duration.ofSeconds(61)); // inside the one-minute refresh margin
    assertEquals(Optional.of(second), tokens.token());
    assertEquals(2, fetcher.calls);
    assertEquals(Optional.of(second), tokens.cached());
  }

  @Test
  void withoutExpUsesTheDefaultLifetime() {
    fetcher.script.add("opaque-token");
    fetcher.script.add("opaque-token-2");
    assertEquals(Optional.of("opaque-token"), tokens.token());
    clock.advance(AgentOpsTokenProvider.DEFAULT_LIFETIME.minus(Duration.ofSeconds(61)));
    assertEquals(Optional.of("opaque-token"), tokens.token());
    clock.advance(Duration.ofSeconds(2));
    assertEquals(Optional.of("opaque-token-2"), tokens.token());
  }

  @Test
  void expiryParsing() {
    Instant exp = Instant.parse("2030-01-01T00:00:00Z");
    assertEquals(exp, AgentOpsTokenProvider.expiry(jwt("x", exp), T0));
    String paddedPayload =
        "h."
            + Base64.getUrlEncoder()
                .encodeToString(
                    ("{\"exp\":" + exp.getEpochSecond() + ".5}").getBytes(StandardCharsets.UTF_8))
            + ".s";
    assertEquals(exp, AgentOpsTokenProvider.expiry(paddedPayload, T0));
    Instant fallback = T0.plus(AgentOpsTokenProvider.DEFAULT_LIFETIME);
    assertEquals(fallback, AgentOpsTokenProvider.expiry("not-a-jwt", T0));
    assertEquals(fallback, AgentOpsTokenProvider.expiry("a.!!!.c", T0));
    assertEquals(fallback, AgentOpsTokenProvider.expiry("a.e30.c", T0)); // {}
    assertEquals(fallback, AgentOpsTokenProvider.expiry(jwt("x", null), T0));
  }

  @Test
  void aFailedFetchBacksOffAndIsRetriedNeverCachedForever() {
    fetcher.script.add("FAIL");
    fetcher.script.add("FAIL");
    fetcher.script.add("good");
    assertEquals(Optional.empty(), tokens.token());
    assertEquals(1, fetcher.calls);
    assertEquals(Optional.empty(), tokens.token(), "inside the 1 s backoff: no new attempt");
    assertEquals(1, fetcher.calls);
    clock.advance(BASE);
    assertEquals(Optional.empty(), tokens.token());
    assertEquals(2, fetcher.calls);
    clock.advance(BASE); // second failure doubled the backoff to 2 s
    assertEquals(Optional.empty(), tokens.token());
    assertEquals(2, fetcher.calls);
    clock.advance(BASE);
    assertEquals(Optional.of("good"), tokens.token());
    assertEquals(3, fetcher.calls);
  }

  @Test
  void backoffIsCapped() {
    for (int i = 0; i < 20; i++) {
      fetcher.script.add("FAIL");
    }
    tokens.token();
    for (int i = 0; i < 15; i++) {
      clock.advance(MAX);
      tokens.token();
    }
    assertEquals(16, fetcher.calls, "one attempt per capped backoff");
  }

  @Test
  void aRejectedTokenIsRefetchedBeforeTheNextExport() {
    String first = jwt("a", T0.plus(Duration.ofHours(1)));
    String second = jwt("b", T0.plus(Duration.ofHours(1)));
    fetcher.script.add(first);
    fetcher.script.add(second);
    assertEquals(Optional.of(first), tokens.token());
    clock.advance(Duration.ofSeconds(5));
    tokens.rejected(first);
    assertEquals(Optional.of(second), tokens.token());
    assertEquals(2, fetcher.calls);
    tokens.rejected(first); // stale: the token was already replaced
    assertEquals(Optional.of(second), tokens.token());
    assertEquals(2, fetcher.calls);
  }

  @Test
  void repeatedRejectionsOfFreshTokensBackOff() {
    for (int i = 0; i < 10; i++) {
      fetcher.script.add(jwt("t" + i, T0.plus(Duration.ofHours(1))));
    }
    String t = tokens.token().orElseThrow();
    clock.advance(Duration.ofSeconds(1)); // the minimum reuse time of a fresh token
    tokens.rejected(t);
    String t2 = tokens.token().orElseThrow(); // first rejection: refetch at once
    assertEquals(2, fetcher.calls);
    tokens.rejected(t2);
    // second rejection in a row: wait one base backoff after the last fetch; meanwhile the
    // unexpired token is still used (the failure may not have been about the token at all)
    assertEquals(Optional.of(t2), tokens.token());
    assertEquals(2, fetcher.calls);
    clock.advance(BASE);
    String t3 = tokens.token().orElseThrow();
    assertEquals(3, fetcher.calls);
    tokens.rejected(t3);
    clock.advance(BASE);
    tokens.token();
    assertEquals(3, fetcher.calls, "third rejection waits 2 s");
    clock.advance(BASE);
    String t4 = tokens.token().orElseThrow();
    assertEquals(4, fetcher.calls);
    tokens.accepted(t4); // a success resets the escalation
    tokens.rejected(t4);
    assertFalse(tokens.token().orElseThrow().equals(t4));
    assertEquals(5, fetcher.calls);
  }

  @Test
  void anUnexpiredTokenIsUsedWhileTheEndpointIsDown() {
    String first = jwt("a", T0.plus(Duration.ofMinutes(2)));
    fetcher.script.add(first);
    fetcher.script.add("FAIL");
    assertEquals(Optional.of(first), tokens.token());
    clock.advance(Duration.ofSeconds(90)); // due for refresh, not yet expired
    assertEquals(Optional.of(first), tokens.token());
    assertEquals(2, fetcher.calls);
    clock.advance(Duration.ofSeconds(31)); // expired now, endpoint still failing
    fetcher.script.add("FAIL");
    assertEquals(Optional.empty(), tokens.token());
  }

  @Test
  void toStringNeverShowsTheToken() {
    fetcher.script.add("secret-jwt");
    tokens.token();
    assertFalse(tokens.toString().contains("secret-jwt"));
    assertTrue(tokens.toString().contains("redacted"));
  }
}
