/** The {@code phoenix} preset: Arize Phoenix (self-hosted or Cloud) in the OpenInference vocabulary. */
package dev.otelpresets.presets.phoenix;
