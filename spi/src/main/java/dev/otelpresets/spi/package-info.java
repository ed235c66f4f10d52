/**
 * The otel-presets SPI: what a preset jar implements. Start at {@link
 * dev.otelpresets.spi.PresetProvider}.
 *
 * <p>Compatibility: within a major version, types here only grow — new methods on interfaces are
 * {@code default} methods, new builder options have defaults. This package depends on the
 * OpenTelemetry API and SDK (and JSpecify's nullness annotations) only. Everything is non-null
 * unless marked {@code @Nullable}.
 * {@code @since} is on each type; a member carries one only when it came later than its type.
 * @since 0.1
 */
@NullMarked
package dev.otelpresets.spi;

import org.jspecify.annotations.NullMarked;
