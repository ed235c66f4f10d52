package dev.otelpresets.spi;

/**
 * A tenant's credential set is incomplete or malformed. The message names the keys and the fix,
 * never a credential value.
 * @since 0.1
 */
public final class InvalidTenantCredentialsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} is logged as is: it names the keys and the fix, never a credential value. */
  public InvalidTenantCredentialsException(String message) {
    super(message);
  }
}
