/**
 * The GenAI message model and JSON codec shared by the core (which writes the canonical
 * attributes) and every preset's mapper (which reads them), so that no preset needs a JSON library.
 */
package dev.otelpresets.spi.genai;
