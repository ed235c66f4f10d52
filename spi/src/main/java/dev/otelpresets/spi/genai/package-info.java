/**
 * The typed GenAI content a mapper reads: {@link dev.otelpresets.spi.genai.GenAiContent}.
 * @since 0.1
 */
@NullMarked
package dev.otelpresets.spi.genai;

import org.jspecify.annotations.NullMarked;
