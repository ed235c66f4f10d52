package dev.otelpresets.spi;

/**
 * A tenant's credential set is incomplete or malformed. The message names the keys and the fix,
 * never a credential value.
 * @since 0.1
 */
public final class InvalidTenantCredentialsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @since 0.1 */
  public InvalidTenantCredentialsException(String message) {
    super(message);
  }
}
