package dev.otelpresets.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A tenant (a team, an API key's owner) and its own backend credentials, filed by exporter owner id:
 * {@code {"arize": {"arize_space_id": ..., "arize_api_key": ...}, "langfuse": {...}}}. Comes from
 * the host's trusted configuration, never from a request body. {@link #toString()} shows the id and
 * the owners only — never a credential.
 */
public final class Tenant {
  private final String id;
  private final Map<String, Map<String, String>> credentialsByOwner;

  private Tenant(String id, Map<String, Map<String, String>> credentialsByOwner) {
    this.id = id;
    this.credentialsByOwner = credentialsByOwner;
  }

  /**
   * A tenant.
   *
   * @param id a stable id (team name); used for routing, never exported
   * @param credentialsByOwner the tenant's credentials per owner id
   */
  public static Tenant of(String id, Map<String, Map<String, String>> credentialsByOwner) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(credentialsByOwner, "credentialsByOwner");
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    credentialsByOwner.forEach(
        (owner, creds) ->
            copy.put(
                Objects.requireNonNull(owner, "owner"),
                Map.copyOf(Objects.requireNonNull(creds, "credentials"))));
    return new Tenant(id, Collections.unmodifiableMap(copy));
  }

  public String id() {
    return id;
  }

  /** The tenant's credentials for one owner, or an empty map. */
  public Map<String, String> credentialsFor(String ownerId) {
    return credentialsByOwner.getOrDefault(ownerId, Map.of());
  }

  /** Owner ids the tenant has credentials for. */
  public java.util.Set<String> owners() {
    return credentialsByOwner.keySet();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tenant t
        && t.id.equals(id)
        && t.credentialsByOwner.equals(credentialsByOwner);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Tenant{id=" + id + ", owners=" + new TreeSet<>(credentialsByOwner.keySet()) + "}";
  }
}
