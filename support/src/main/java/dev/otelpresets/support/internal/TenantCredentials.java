package dev.otelpresets.support.internal;

import dev.otelpresets.spi.InvalidTenantCredentialsException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads one tenant's credential map inside a {@link TenantCredentialRule}: blank values are errors,
 * incomplete sets get one message naming what is present and what is missing. Messages name keys,
 * never values.
 */
public final class TenantCredentials {
  private final String owner;
  private final Map<String, String> credentials;

  private TenantCredentials(String owner, Map<String, String> credentials) {
    this.owner = owner;
    this.credentials = credentials;
  }

  /**
   * Wraps {@code credentials} of {@code owner} (the owner id appears in messages).
   */
  public static TenantCredentials of(String owner, Map<String, String> credentials) {
    return new TenantCredentials(
        Objects.requireNonNull(owner, "owner"), Objects.requireNonNull(credentials, "credentials"));
  }

  /** Whether any of {@code keys} is present (blank or not). */
  public boolean anyPresent(List<String> keys) {
    for (String k : keys) {
      if (credentials.containsKey(k)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The value of {@code key}, empty when absent.
   *
   * @throws InvalidTenantCredentialsException when the key is present but blank (a tenant that
   *     meant to send its own credential must not silently fall back to the operator's), or when
   *     its value cannot travel in a header ({@link HeaderValues}); the message names the key
   */
  public Optional<String> get(String key) {
    if (!credentials.containsKey(key)) {
      return Optional.empty();
    }
    String v = credentials.get(key);
    if (v == null || v.isBlank()) {
      throw new InvalidTenantCredentialsException(
          "tenant credential '"
              + key
              + "' for '"
              + owner
              + "' is blank; set a value or remove the"
              + " key");
    }
    Optional<String> problem = HeaderValues.problem(v.trim());
    if (problem.isPresent()) {
      throw new InvalidTenantCredentialsException(
          "tenant credential '"
              + key
              + "' for '"
              + owner
              + "' "
              + problem.get()
              + "; "
              + HeaderValues.FIX);
    }
    return Optional.of(v.trim());
  }

  /**
   * The error for an incomplete set: names what is present and what is missing.
   *
   * @param missing the missing key(s), e.g. {@code "arize_api_key"}
   * @param needs the complete set, e.g. {@code "arize_space_id (or arize_space_key) + arize_api_key"}
   * @param allKeys every key of this owner, to list the ones present
   */
  public InvalidTenantCredentialsException incomplete(
      String missing, String needs, List<String> allKeys) {
    TreeSet<String> present = new TreeSet<>();
    for (String k : allKeys) {
      if (credentials.containsKey(k)) {
        present.add(k);
      }
    }
    return new InvalidTenantCredentialsException(
        "incomplete tenant credentials for '"
            + owner
            + "': "
            + present
            + " set but "
            + missing
            + " missing; a tenant needs "
            + needs
            + " (or none, to use the static exporter)");
  }
}
