/** The {@code weave} preset: W&B Weave's OTLP endpoint in the OpenInference vocabulary. */
package dev.otelpresets.presets.weave;
