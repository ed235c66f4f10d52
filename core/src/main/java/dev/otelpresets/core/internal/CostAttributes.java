package dev.otelpresets.core.internal;

import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Canonical span keys for a call's cost in a currency other than US dollars (US dollar amounts go
 * to the SPI's {@code otelpresets.cost.*_usd} keys, which the presets map). Unstable: these may
 * move into the SPI's {@code GenAiAttributes} once presets map them.
 */
public final class CostAttributes {
  private CostAttributes() {}

  /** The total cost, in {@link #CURRENCY}. */
  public static final AttributeKey<Double> TOTAL = doubleKey("otelpresets.cost.total");

  /** The cost of the input tokens, in {@link #CURRENCY}. */
  public static final AttributeKey<Double> INPUT = doubleKey("otelpresets.cost.input");

  /** The cost of the output tokens, in {@link #CURRENCY}. */
  public static final AttributeKey<Double> OUTPUT = doubleKey("otelpresets.cost.output");

  /** The ISO 4217 code of the amounts, e.g. {@code EUR}. */
  public static final AttributeKey<String> CURRENCY = stringKey("otelpresets.cost.currency");
}
