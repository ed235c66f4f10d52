package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.ExportStats;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Settling a backend's account at shutdown: what has no outcome is abandoned, and stays so. */
class ExportAccountTest {

  @Test
  void whatHasNoOutcomeAtCloseIsAbandonedAndLateOutcomesChangeNothing() {
    AtomicLong handed = new AtomicLong();
    ExportAccount account = new ExportAccount("x");
    account.countHandedWith(handed::get);
    handed.set(10);
    account.exported(3);
    account.failed(2, "401 from x: credentials rejected");
    assertEquals(
        new ExportStats("x", 3, 2, 0, 0, "401 from x: credentials rejected"),
        account.stats(),
        "nothing is abandoned before shutdown");
    assertFalse(account.isClosed());

    ExportStats last = account.close();
    assertEquals(new ExportStats("x", 3, 2, 0, 5, "401 from x: credentials rejected"), last);
    assertTrue(account.isClosed());

    account.exported(4); // an export that was in flight answers after all
    account.failed(1, "x did not answer in time");
    handed.set(11); // a span ended during shutdown
    assertEquals(last, account.stats());
    assertEquals(last, account.close());
  }

  @Test
  void withoutAHandedCountNothingIsCalledAbandoned() {
    ExportAccount account = new ExportAccount("console");
    account.exported(2);
    assertEquals(new ExportStats("console", 2, 0, 0, 0, null), account.close());
  }
}
