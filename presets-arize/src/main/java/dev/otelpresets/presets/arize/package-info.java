/** The {@code arize} preset: Arize AX over OTLP in the OpenInference vocabulary. */
package dev.otelpresets.presets.arize;
