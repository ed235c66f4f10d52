package dev.otelpresets.presets.agentops;

import dev.otelpresets.support.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The AgentOps JWT, fetched lazily on the export thread and cached. It is refreshed shortly before
 * it expires (the JWT's {@code exp} claim, else a conservative lifetime) and after an export that
 * failed with it. Fetch failures and repeated rejections back off exponentially, so a dead token
 * endpoint is not hammered, but no failure is cached for good: the next attempt comes after the
 * backoff.
 *
 * <p>Thread-safe. {@link #token()} may block on a fetch (bounded by the HTTP timeout); {@link
 * #cached()} never blocks, for header suppliers. The token is never logged or put in an exception.
 */
final class AgentOpsTokenProvider {
  private static final Logger logger = Logger.getLogger(AgentOpsTokenProvider.class.getName());

  /** The lifetime assumed when the JWT carries no readable {@code exp}. */
  static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(30);

  /** Refresh this long before expiry (at most half the lifetime). */
  static final Duration REFRESH_MARGIN = Duration.ofMinutes(1);

  /** Fetches a fresh JWT. */
  @FunctionalInterface
  interface Fetcher {
    /**
     * @return the token, never blank
     * @throws IOException when the endpoint cannot be reached or answers without a token; the
     *     message holds no secret
     */
    String fetch() throws IOException;
  }

  private final Fetcher fetcher;
  private final Clock clock;
  private final Duration baseBackoff;
  private final Duration maxBackoff;

  private volatile String current;
  // Guarded by this.
  private Instant fetchedAt = Instant.MIN;
  private Instant refreshAt = Instant.MIN;
  private Instant expiresAt = Instant.MIN;
  private Instant nextAttemptAt = Instant.MIN;
  private int failedFetches;
  private int rejections;

  AgentOpsTokenProvider(Fetcher fetcher, Clock clock, Duration baseBackoff, Duration maxBackoff) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.baseBackoff = Objects.requireNonNull(baseBackoff, "baseBackoff");
    this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
  }

  /**
   * A usable token: the cached one while fresh, else a newly fetched one; while fetching is backing
   * off, the cached one as long as it has not expired. Empty when there is none.
   */
  synchronized Optional<String> token() {
    Instant now = clock.instant();
    if (current != null && now.isBefore(refreshAt)) {
      return Optional.of(current);
    }
    if (now.isBefore(nextAttemptAt)) {
      return unexpired(now);
    }
    String fetched;
    try {
      fetched = fetcher.fetch();
    } catch (IOException | RuntimeException e) {
      failedFetches++;
      Duration wait = backoff(failedFetches);
      nextAttemptAt = now.plus(wait);
      logger.log(
          Level.WARNING,
          "AgentOps: could not fetch an auth token ({0}); retrying in {1} s",
          new Object[] {e.getMessage(), wait.toMillis() / 1000.0});
      return unexpired(now);
    }
    failedFetches = 0;
    current = fetched;
    fetchedAt = now;
    expiresAt = expiry(fetched, now);
    Duration lifetime = Duration.between(now, expiresAt);
    Duration margin =
        lifetime.isNegative() ? Duration.ZERO : min(REFRESH_MARGIN, lifetime.dividedBy(2));
    // Never sooner than the base backoff: a token that is already expired (clock skew) is used for
    // a moment rather than refetched on every export.
    refreshAt = max(expiresAt.minus(margin), now.plus(baseBackoff));
    return Optional.of(fetched);
  }

  /** The cached token without fetching or blocking, for the export's header supplier. */
  Optional<String> cached() {
    return Optional.ofNullable(current);
  }

  /**
   * An export with {@code token} failed (the OTLP result does not say whether it was a 401): refetch
   * before the next export, backing off when freshly fetched tokens keep failing.
   */
  synchronized void rejected(String token) {
    if (token == null || !token.equals(current)) {
      return; // an older token, already replaced
    }
    rejections++;
    refreshAt = Instant.MIN;
    Instant earliest = rejections == 1 ? fetchedAt : fetchedAt.plus(backoff(rejections - 1));
    nextAttemptAt = max(nextAttemptAt, earliest);
  }

  /** An export with {@code token} succeeded: rejections so far were not about the token. */
  synchronized void accepted(String token) {
    if (token != null && token.equals(current)) {
      rejections = 0;
    }
  }

  private Optional<String> unexpired(Instant now) {
    return current != null && now.isBefore(expiresAt) ? Optional.of(current) : Optional.empty();
  }

  private Duration backoff(int attempt) {
    Duration d = baseBackoff;
    for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return min(d, maxBackoff);
  }

  /** The JWT's {@code exp} claim, else {@link #DEFAULT_LIFETIME} from now. */
  static Instant expiry(String jwt, Instant now) {
    try {
      String[] parts = jwt.split("\\.");
      if (parts.length >= 2) {
        byte[] payload = Base64.getUrlDecoder().decode(stripPadding(parts[1]));
        Object exp =
            Json.asMap(Json.parseOrDefault(new String(payload, StandardCharsets.UTF_8), null))
                .get("exp");
        if (exp instanceof Number n && n.doubleValue() > 0 && n.doubleValue() < 1e11) {
          return Instant.ofEpochSecond(n.longValue());
        }
      }
    } catch (IllegalArgumentException e) {
      // not base64url: fall through to the default lifetime
    }
    return now.plus(DEFAULT_LIFETIME);
  }

  private static String stripPadding(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    return s.substring(0, end);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  @Override
  public String toString() {
    return "AgentOpsTokenProvider{token=" + (current == null ? "none" : "<redacted>") + "}";
  }
}
