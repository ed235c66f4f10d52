package dev.otelpresets.core.config;

import dev.otelpresets.core.ContentCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated configuration: the callback list, the framework settings, each preset's settings
 * section, and any extra top-level sections a host application declared (the gateway's {@code
 * models:} and {@code keys:}). Made by {@link ConfigLoader}; every value remembers its location.
 */
public final class OtelPresetsConfig {
  /** What to do when the global OpenTelemetry is already taken by someone else. */
  public enum ExistingGlobal {
    /** Refuse to start, saying who holds the global and what to do (the default). */
    FAIL,
    /** Record through the existing global (a Java agent's SDK); presets do not export. */
    ATTACH
  }

  /** A name in {@code callbacks:} with its location. */
  public record Callback(String name, ConfigLocation location) {}

  private final String source;
  private final List<Callback> callbacks;
  private final Optional<String> serviceName;
  private final Optional<ContentCapture> contentCapture;
  private final Optional<Integer> maxQueueSize;
  private final Optional<Integer> maxExportBatchSize;
  private final Optional<Duration> scheduleDelay;
  private final Optional<Duration> exportTimeout;
  private final Optional<Integer> maxAttributeValueLength;
  private final Optional<Integer> maxRequestsInFlight;
  private final boolean publishGlobal;
  private final ExistingGlobal existingGlobal;
  private final boolean shutdownHook;
  private final Map<String, ConfigNode.MapNode> presetSections;
  private final Map<String, ConfigLocation> presetSectionLocations;
  private final Map<String, ConfigNode> extensions;
  private final ConfigLocation callbacksLocation;
  private final java.util.Set<String> tenantAllowedHosts;
  private final int tenantMaxClients;
  private final List<RedactionRule> redactionRules;
  private final Map<String, dev.otelpresets.core.Tenant> tenants;
  private final Map<String, ConfigLocation> tenantKeyLocations;

  private OtelPresetsConfig(Builder b) {
    this.source = b.source;
    this.callbacks = Collections.unmodifiableList(new ArrayList<>(b.callbacks));
    this.serviceName = Optional.ofNullable(b.serviceName);
    this.contentCapture = Optional.ofNullable(b.contentCapture);
    this.maxQueueSize = Optional.ofNullable(b.maxQueueSize);
    this.maxExportBatchSize = Optional.ofNullable(b.maxExportBatchSize);
    this.scheduleDelay = Optional.ofNullable(b.scheduleDelay);
    this.exportTimeout = Optional.ofNullable(b.exportTimeout);
    this.maxAttributeValueLength = Optional.ofNullable(b.maxAttributeValueLength);
    this.maxRequestsInFlight = Optional.ofNullable(b.maxRequestsInFlight);
    this.publishGlobal = b.publishGlobal;
    this.existingGlobal = b.existingGlobal;
    this.shutdownHook = b.shutdownHook;
    this.presetSections = Collections.unmodifiableMap(new LinkedHashMap<>(b.presetSections));
    this.presetSectionLocations = Map.copyOf(b.presetSectionLocations);
    this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(b.extensions));
    this.callbacksLocation = b.callbacksLocation;
    this.tenantAllowedHosts = java.util.Set.copyOf(b.tenantAllowedHosts);
    this.tenantMaxClients = b.tenantMaxClients;
    this.redactionRules = List.copyOf(b.redactionRules);
    this.tenants = Collections.unmodifiableMap(new LinkedHashMap<>(b.tenants));
    this.tenantKeyLocations = Map.copyOf(b.tenantKeyLocations);
  }

  /**
   * {@code settings.redact}: the rules applied to content in every backend's export path (each
   * backend's {@code presets.<name>.redact} rules run after these), in the order written.
   */
  public List<RedactionRule> redactionRules() {
    return redactionRules;
  }

  /**
   * Where {@code tenants.credentials.<tenant>.<owner>.<key>} was written, for messages; the
   * section's start when unknown.
   */
  public ConfigLocation tenantCredentialLocation(String tenant, String owner, String key) {
    return tenantKeyLocations.getOrDefault(
        tenant + "\n" + owner + "\n" + key, new ConfigLocation(source, 0, 0));
  }

  /**
   * {@code tenants.credentials}: the tenants the operator declared, by id, each with its own
   * credentials per exporter owner (for {@code GenAiTelemetry.bindTenant}, and for the agent
   * extension's {@code otelpresets.tenant} marker). Empty when absent.
   */
  public Map<String, dev.otelpresets.core.Tenant> tenants() {
    return tenants;
  }

  /** {@code tenants.allowed_hosts}: endpoint hosts a tenant's credentials may point at. */
  public java.util.Set<String> tenantAllowedHosts() {
    return tenantAllowedHosts;
  }

  /** {@code tenants.max_clients} when it is not set. */
  public static final int DEFAULT_TENANT_MAX_CLIENTS = 256;

  /** {@code tenants.max_clients} (default 256): per-tenant export clients kept per backend. */
  public int tenantMaxClients() {
    return tenantMaxClients;
  }

  /** An empty configuration: no callbacks, defaults everywhere. */
  public static OtelPresetsConfig empty() {
    return builder("<defaults>").build();
  }

  static Builder builder(String source) {
    return new Builder(source);
  }

  /** The file (or label) the configuration came from, for messages. */
  public String source() {
    return source;
  }

  /** {@code callbacks:} in order, as written (names or aliases). */
  public List<Callback> callbacks() {
    return callbacks;
  }

  /** Where {@code callbacks:} was written (the file start when absent). */
  public ConfigLocation callbacksLocation() {
    return callbacksLocation;
  }

  /** {@code settings.service_name}: the default for {@code OTEL_SERVICE_NAME}. */
  public Optional<String> serviceName() {
    return serviceName;
  }

  /** {@code settings.capture_message_content}; when absent the env variable decides. */
  public Optional<ContentCapture> contentCapture() {
    return contentCapture;
  }

  /** {@code settings.max_queue_size} per exporter; when absent {@code OTEL_BSP_MAX_QUEUE_SIZE}. */
  public Optional<Integer> maxQueueSize() {
    return maxQueueSize;
  }

  /** {@code settings.max_export_batch_size}; when absent {@code OTEL_BSP_MAX_EXPORT_BATCH_SIZE}. */
  public Optional<Integer> maxExportBatchSize() {
    return maxExportBatchSize;
  }

  /** {@code settings.schedule_delay_ms}; when absent {@code OTEL_BSP_SCHEDULE_DELAY}. */
  public Optional<Duration> scheduleDelay() {
    return scheduleDelay;
  }

  /** {@code settings.export_timeout_ms}; when absent {@code OTEL_BSP_EXPORT_TIMEOUT}. */
  public Optional<Duration> exportTimeout() {
    return exportTimeout;
  }

  /**
   * {@code settings.max_attribute_value_length}: the longest attribute value recorded, in
   * characters; when absent {@code OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT} / {@code
   * OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT}, else the framework's default.
   */
  public Optional<Integer> maxAttributeValueLength() {
    return maxAttributeValueLength;
  }

  /**
   * {@code settings.max_requests_in_flight}: how many export requests one backend may have
   * unanswered at once (its next batch is mapped and encoded while the last is sent); 1 sends one
   * batch at a time, in order, as the SDK's batch processor does.
   */
  public Optional<Integer> maxRequestsInFlight() {
    return maxRequestsInFlight;
  }

  /** {@code settings.publish_global} (default true): publish the SDK as the global. */
  public boolean publishGlobal() {
    return publishGlobal;
  }

  /** {@code settings.existing_global} (default fail). */
  public ExistingGlobal existingGlobal() {
    return existingGlobal;
  }

  /** {@code settings.shutdown_hook} (default true): flush on JVM exit. */
  public boolean shutdownHook() {
    return shutdownHook;
  }

  /** {@code presets.<name>:} sections, keyed as written (name or alias). */
  public Map<String, ConfigNode.MapNode> presetSections() {
    return presetSections;
  }

  /**
   * Where the key of the {@code presets.<name>:} section was written (the section's own location
   * when it is not known), for errors about the section as a whole.
   */
  public ConfigLocation presetSectionLocation(String name) {
    ConfigLocation at = presetSectionLocations.get(name);
    if (at != null) {
      return at;
    }
    ConfigNode.MapNode section = presetSections.get(name);
    return section != null ? section.location() : callbacksLocation;
  }

  /** Host-declared top-level sections ({@code models:}, {@code keys:} ...), unvalidated here. */
  public Map<String, ConfigNode> extensions() {
    return extensions;
  }

  /** A copy with a different publish-global setting. */
  public OtelPresetsConfig withPublishGlobal(boolean publish) {
    Builder b = toBuilder();
    b.publishGlobal = publish;
    return b.build();
  }

  /**
   * A copy whose {@code callbacks:} are {@code names}, all located at {@code location} (a
   * property that overrides the file's list, e.g. {@code otel.presets.callbacks}).
   */
  public OtelPresetsConfig withCallbacks(List<String> names, ConfigLocation location) {
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(location, "location");
    Builder b = toBuilder();
    b.callbacks.clear();
    names.forEach(n -> b.callbacks.add(new Callback(n, location)));
    b.callbacksLocation = location;
    return b.build();
  }

  private Builder toBuilder() {
    Builder b = new Builder(source);
    b.callbacks.addAll(callbacks);
    b.serviceName = serviceName.orElse(null);
    b.contentCapture = contentCapture.orElse(null);
    b.maxQueueSize = maxQueueSize.orElse(null);
    b.maxExportBatchSize = maxExportBatchSize.orElse(null);
    b.scheduleDelay = scheduleDelay.orElse(null);
    b.exportTimeout = exportTimeout.orElse(null);
    b.maxAttributeValueLength = maxAttributeValueLength.orElse(null);
    b.maxRequestsInFlight = maxRequestsInFlight.orElse(null);
    b.publishGlobal = publishGlobal;
    b.existingGlobal = existingGlobal;
    b.shutdownHook = shutdownHook;
    b.presetSections.putAll(presetSections);
    b.presetSectionLocations.putAll(presetSectionLocations);
    b.extensions.putAll(extensions);
    b.callbacksLocation = callbacksLocation;
    b.tenantAllowedHosts.addAll(tenantAllowedHosts);
    b.tenantMaxClients = tenantMaxClients;
    b.redactionRules.addAll(redactionRules);
    b.tenants.putAll(tenants);
    b.tenantKeyLocations.putAll(tenantKeyLocations);
    return b;
  }

  @Override
  public String toString() {
    return "OtelPresetsConfig{source="
        + source
        + ", callbacks="
        + callbacks.stream().map(Callback::name).toList()
        + "}";
  }

  static final class Builder {
    final String source;
    final List<Callback> callbacks = new ArrayList<>();
    String serviceName;
    ContentCapture contentCapture;
    Integer maxQueueSize;
    Integer maxExportBatchSize;
    Duration scheduleDelay;
    Duration exportTimeout;
    Integer maxAttributeValueLength;
    Integer maxRequestsInFlight;
    boolean publishGlobal = true;
    ExistingGlobal existingGlobal = ExistingGlobal.FAIL;
    boolean shutdownHook = true;
    final Map<String, ConfigNode.MapNode> presetSections = new LinkedHashMap<>();
    final Map<String, ConfigLocation> presetSectionLocations = new LinkedHashMap<>();
    final Map<String, ConfigNode> extensions = new LinkedHashMap<>();
    ConfigLocation callbacksLocation;
    final java.util.Set<String> tenantAllowedHosts = new java.util.LinkedHashSet<>();
    int tenantMaxClients = DEFAULT_TENANT_MAX_CLIENTS;
    final List<RedactionRule> redactionRules = new ArrayList<>();
    final Map<String, dev.otelpresets.core.Tenant> tenants = new LinkedHashMap<>();
    final Map<String, ConfigLocation> tenantKeyLocations = new LinkedHashMap<>();

    Builder(String source) {
      this.source = Objects.requireNonNull(source, "source");
      this.callbacksLocation = new ConfigLocation(source, 1, 1);
    }

    OtelPresetsConfig build() {
      return new OtelPresetsConfig(this);
    }
  }
}
