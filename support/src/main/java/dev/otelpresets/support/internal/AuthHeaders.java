package dev.otelpresets.support.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** Authorization header values presets share. */
public final class AuthHeaders {
  /** The standard header name. */
  public static final String AUTHORIZATION = "Authorization";

  private AuthHeaders() {}

  /** {@code Bearer <token>}. */
  public static String bearer(String token) {
    return "Bearer " + Objects.requireNonNull(token, "token");
  }

  /** {@code Basic base64(user:password)}. */
  public static String basic(String user, String password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
