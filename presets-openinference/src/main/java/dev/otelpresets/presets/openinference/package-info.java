/**
 * The OpenInference vocabulary ({@code openinference.span.kind}, {@code llm.*}, {@code input.value},
 * ...) shared by the Arize AX, Phoenix and W&B Weave presets: {@link
 * dev.otelpresets.presets.openinference.OpenInferenceMapper} and small helpers those presets share.
 */
package dev.otelpresets.presets.openinference;
