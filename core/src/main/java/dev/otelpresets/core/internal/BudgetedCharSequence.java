package dev.otelpresets.core.internal;

/**
 * A text that a regular expression may read only so many characters of: every {@link
 * #charAt(int)} spends one unit of the budget, and when it is spent the read throws {@link
 * BudgetExceeded}, ending the match. {@code java.util.regex} reads its input through {@code
 * charAt} only, so this bounds what a pathological pattern (nested quantifiers backtracking
 * exponentially) can cost the export thread — in reads, never in wall-clock time.
 */
final class BudgetedCharSequence implements CharSequence {
  /** Thrown when the budget is spent; preallocated, no stack trace (it is control flow). */
  static final class BudgetExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final BudgetExceeded INSTANCE = new BudgetExceeded();

    private BudgetExceeded() {
      super("character read budget spent", null, false, false);
    }
  }

  private final String text;
  private final int offset;
  private final int length;
  private final long[] left; // shared with sub-sequences: one budget per value

  BudgetedCharSequence(String text, long budget) {
    this(text, 0, text.length(), new long[] {budget});
  }

  private BudgetedCharSequence(String text, int offset, int length, long[] left) {
    this.text = text;
    this.offset = offset;
    this.length = length;
    this.left = left;
  }

  @Override
  public char charAt(int index) {
    if (--left[0] < 0) {
      throw BudgetExceeded.INSTANCE;
    }
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException(index);
    }
    return text.charAt(offset + index);
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    if (start < 0 || end > length || start > end) {
      throw new IndexOutOfBoundsException("[" + start + ", " + end + ") of " + length);
    }
    return new BudgetedCharSequence(text, offset + start, end - start, left);
  }

  /** What is left of the budget (may be negative once spent). */
  long left() {
    return left[0];
  }

  @Override
  public String toString() {
    return text.substring(offset, offset + length);
  }
}
