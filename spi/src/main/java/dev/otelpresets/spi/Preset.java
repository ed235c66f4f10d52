package dev.otelpresets.spi;

import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A resolved backend of one {@link ExporterOwner}: exporters, mapper, resource overlay and tenant
 * credential rule. Immutable; made by {@link PresetProvider#create}. Each exporter gets its own
 * queue and export thread; the mapper and overlay apply inside this owner's exporters only.
 * @since 0.1
 */
public final class Preset {
  private final ExporterOwner owner;
  private final List<ExporterSpec> exporters;
  private final AttributeMapper mapper;
  private final Attributes resourceOverlay;
  private final TenantCredentialRule tenantRule;

  private Preset(Builder b) {
    this.owner = b.owner;
    this.exporters = Collections.unmodifiableList(new ArrayList<>(b.exporters));
    this.mapper = b.mapper;
    this.resourceOverlay = b.resourceOverlay;
    this.tenantRule = b.tenantRule;
  }

  /** @since 0.1 */
  public static Builder builder(ExporterOwner owner) {
    return new Builder(Objects.requireNonNull(owner, "owner"));
  }

  /** @since 0.1 */
  public ExporterOwner owner() {
    return owner;
  }

  /** The span exporters; each has this preset's owner.
   * @since 0.1 */
  public List<ExporterSpec> exporters() {
    return exporters;
  }

  /** @since 0.1 */
  public AttributeMapper mapper() {
    return mapper;
  }

  /** Resource attributes this backend's exporter adds to (and overrides on) the shared resource,
   * for example {@code openinference.project.name}. Applied on this owner's exporter only.
   * @since 0.1 */
  public Attributes resourceOverlay() {
    return resourceOverlay;
  }

  /** @since 0.1 */
  public TenantCredentialRule tenantRule() {
    return tenantRule;
  }

  @Override
  public String toString() {
    return String.format(
        "Preset{owner=%s, exporters=%s, resourceOverlay=%s}", owner, exporters, resourceOverlay);
  }

  /** Builder for {@link Preset}.
   * @since 0.1 */
  public static final class Builder {
    private final ExporterOwner owner;
    private final List<ExporterSpec> exporters = new ArrayList<>();
    private AttributeMapper mapper = AttributeMapper.canonical();
    private Attributes resourceOverlay = Attributes.empty();
    private TenantCredentialRule tenantRule = TenantCredentialRule.NONE;

    private Builder(ExporterOwner owner) {
      this.owner = owner;
    }

    /** Adds an exporter; its owner must be this preset's owner.
     * @since 0.1 */
    public Builder exporter(ExporterSpec spec) {
      Objects.requireNonNull(spec, "spec");
      if (!spec.owner().equals(owner)) {
        throw new IllegalArgumentException(
            "exporter owned by '" + spec.owner() + "' added to preset owned by '" + owner + "'");
      }
      exporters.add(spec);
      return this;
    }

    /** @since 0.1 */
    public Builder mapper(AttributeMapper mapper) {
      this.mapper = Objects.requireNonNull(mapper, "mapper");
      return this;
    }

    /** @since 0.1 */
    public Builder resourceOverlay(Attributes overlay) {
      this.resourceOverlay = Objects.requireNonNull(overlay, "overlay");
      return this;
    }

    /** @since 0.1 */
    public Builder tenantRule(TenantCredentialRule rule) {
      this.tenantRule = Objects.requireNonNull(rule, "rule");
      return this;
    }

    /** @since 0.1 */
    public Preset build() {
      return new Preset(this);
    }
  }
}
