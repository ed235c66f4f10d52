/**
 * Unstable internals shared by the core and the built-in presets: the GenAI JSON codec and the
 * parsed content view ({@link dev.otelpresets.support.internal.ParsedContent}), the bounded
 * attribute set the mappers build with, the one-pass read of the canonical attributes they read
 * ({@link dev.otelpresets.support.internal.CanonicalValues}), the flattening of messages, the
 * root-content carrier, endpoint, header and tenant-credential helpers, and the notes a preset
 * gives for settings whose default depends on another ({@link
 * dev.otelpresets.support.internal.UnsetSettingNotes}). Not part of the SPI: no
 * compatibility promise, and a third-party preset should not depend on it.
 */
package dev.otelpresets.support.internal;
