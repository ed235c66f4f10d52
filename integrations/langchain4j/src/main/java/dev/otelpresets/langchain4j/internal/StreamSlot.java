package dev.otelpresets.langchain4j.internal;

import dev.otelpresets.core.LlmCall;

/**
 * Hands the call a listener recorded to the streaming wrapper that counts its chunks. The wrapper
 * puts a slot into the call's listener attributes before the model runs; LangChain4j calls the
 * listeners' {@code onRequest} before the first chunk, so the slot is filled by then.
 */
public final class StreamSlot {
  /** The listener-attributes key of the slot. */
  public static final Object KEY =
      new Object() {
        @Override
        public String toString() {
          return "otel-presets stream slot";
        }
      };

  private volatile LlmCall call;

  public void fill(LlmCall call) {
    this.call = call;
  }

  public LlmCall call() {
    return call;
  }

  /** One streamed chunk: the first one marks the time to first chunk. */
  public void chunk() {
    LlmCall c = call;
    if (c != null) {
      c.chunk();
    }
  }
}
