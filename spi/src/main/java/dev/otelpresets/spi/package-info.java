/**
 * The otel-presets SPI: what a preset jar implements. Start at {@link
 * dev.otelpresets.spi.PresetProvider}.
 *
 * <p>Compatibility: within a major version, types here only grow — new methods on interfaces are
 * {@code default} methods, new builder options have defaults. This package depends on the
 * OpenTelemetry API and SDK only.
 */
package dev.otelpresets.spi;
