package dev.otelpresets.presets.agentops;

import java.io.IOException;

/**
 * The AgentOps token endpoint answered with an HTTP status other than 2xx (a redirect is not
 * followed, so it is one of these too). The message names the URL and the status, never the API
 * key or a response body.
 */
public final class AgentOpsTokenException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;

  AgentOpsTokenException(String message, int statusCode) {
    super(message);
    this.statusCode = statusCode;
  }

  /** The HTTP status the token endpoint answered. */
  public int statusCode() {
    return statusCode;
  }
}
