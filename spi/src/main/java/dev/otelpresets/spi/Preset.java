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

  /** A preset builder; {@code owner} must be its provider's {@link PresetProvider#owner()}. */
  public static Builder builder(ExporterOwner owner) {
    return new Builder(Objects.requireNonNull(owner, "owner"));
  }

  /** The backend whose exporters, mapper, overlay and tenant rule these are. */
  public ExporterOwner owner() {
    return owner;
  }

  /** The span exporters; each has this preset's owner. */
  public List<ExporterSpec> exporters() {
    return exporters;
  }

  /** Maps every span for this owner's exporters; {@link AttributeMapper#canonical()} unless set. */
  public AttributeMapper mapper() {
    return mapper;
  }

  /** Resource attributes this backend's exporter adds to (and overrides on) the shared resource,
   * for example {@code openinference.project.name}. Applied on this owner's exporter only. */
  public Attributes resourceOverlay() {
    return resourceOverlay;
  }

  /** Makes each tenant's variant of the exporters; {@link TenantCredentialRule#NONE} unless set. */
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

    /** Adds an exporter; its owner must be this preset's owner. */
    public Builder exporter(ExporterSpec spec) {
      Objects.requireNonNull(spec, "spec");
      if (!spec.owner().equals(owner)) {
        throw new IllegalArgumentException(
            "exporter owned by '" + spec.owner() + "' added to preset owned by '" + owner + "'");
      }
      exporters.add(spec);
      return this;
    }

    /** Sets the mapper (default {@link AttributeMapper#canonical()}). */
    public Builder mapper(AttributeMapper mapper) {
      this.mapper = Objects.requireNonNull(mapper, "mapper");
      return this;
    }

    /** Sets the resource overlay, replacing an earlier one (default empty). */
    public Builder resourceOverlay(Attributes overlay) {
      this.resourceOverlay = Objects.requireNonNull(overlay, "overlay");
      return this;
    }

    /** Sets the tenant credential rule (default {@link TenantCredentialRule#NONE}). */
    public Builder tenantRule(TenantCredentialRule rule) {
      this.tenantRule = Objects.requireNonNull(rule, "rule");
      return this;
    }

    /** Builds the immutable preset, its exporters in the order added. */
    public Preset build() {
      return new Preset(this);
    }
  }
}
