package dev.otelpresets.testkit.conformance;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.Permission;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Records the host name lookups (DNS) and the file reads one thread makes while it runs an action
 * — what {@code create()} must not do. The JDK reports both to an installed {@link
 * SecurityManager} ({@code checkConnect(host, -1)} before every lookup, {@code checkRead(file)}
 * before opening or probing a file) and offers no other hook on Java 17, so the tripwire installs
 * one for the duration of the action: it permits everything and only records. Reads of the class
 * path (class files, jars, a directory on the class path: "your own jar") and of the JDK itself are
 * not counted.
 *
 * <p>The JDK deprecated the security manager for removal: Java 17 allows installing one at run
 * time; Java 18 to 23 only with {@code -Djava.security.manager=allow} (the build's Surefire
 * configuration sets it); later JDKs not at all — then {@link #run} reports the check as
 * unavailable instead of passing it.
 */
@SuppressWarnings("removal") // the only DNS and file hook on Java 17; see the class comment
final class BuildTimeIoTripwire {
  /** IPv4 digits and dots, or anything with a colon (IPv6): no lookup needed. */
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

  /** What {@link #run} saw; {@code unavailable} when no security manager could be installed. */
  record Seen(List<String> lookups, List<String> reads, String unavailable) {}

  private BuildTimeIoTripwire() {}

  /** Runs {@code action} on this thread and returns the lookups and reads it made. */
  static synchronized Seen run(Runnable action) {
    List<Path> allowed = allowedRoots();
    Recorder recorder = new Recorder(Thread.currentThread(), allowed);
    SecurityManager previous = System.getSecurityManager();
    if (previous != null) {
      return new Seen(List.of(), List.of(), "a security manager is already installed");
    }
    try {
      System.setSecurityManager(recorder);
    } catch (UnsupportedOperationException e) {
      return new Seen(
          List.of(),
          List.of(),
          "this JDK ("
              + System.getProperty("java.version")
              + ") does not allow installing a security manager (Java 18-23 need"
              + " -Djava.security.manager=allow in the test JVM; Java 24+ has none)");
    }
    try {
      action.run();
    } finally {
      recorder.armed = false;
      System.setSecurityManager(null);
    }
    return new Seen(List.copyOf(recorder.lookups), List.copyOf(recorder.reads), null);
  }

  /** The JDK and every directory on the class path (jars and class files are allowed by name). */
  private static List<Path> allowedRoots() {
    List<Path> roots = new ArrayList<>();
    roots.add(Path.of(System.getProperty("java.home")).toAbsolutePath().normalize());
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl == null) {
      cl = BuildTimeIoTripwire.class.getClassLoader();
    }
    try {
      Enumeration<URL> dirs = cl.getResources("");
      while (dirs.hasMoreElements()) {
        URL u = dirs.nextElement();
        if ("file".equals(u.getProtocol())) {
          roots.add(Path.of(u.toURI()).toAbsolutePath().normalize());
        }
      }
    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
      // no directory roots: class files are still allowed by name
    }
    return roots;
  }

  private static final class Recorder extends SecurityManager {
    private final Thread thread;
    private final List<Path> allowed;
    private final Set<String> lookups = new LinkedHashSet<>();
    private final Set<String> reads = new LinkedHashSet<>();
    private volatile boolean armed = true;

    Recorder(Thread thread, List<Path> allowed) {
      this.thread = thread;
      this.allowed = allowed;
    }

    private boolean recording() {
      return armed && Thread.currentThread() == thread;
    }

    @Override
    public void checkPermission(Permission perm) {
      // permits everything: the tripwire observes, it does not sandbox
    }

    @Override
    public void checkPermission(Permission perm, Object context) {
      // permits everything
    }

    @Override
    public void checkConnect(String host, int port) {
      if (port == -1 && recording() && host != null && !IP_LITERAL.matcher(host).matches()) {
        synchronized (this) {
          lookups.add(host);
        }
      }
    }

    @Override
    public void checkConnect(String host, int port, Object context) {
      checkConnect(host, port);
    }

    @Override
    public void checkRead(String file) {
      if (recording() && !isAllowed(file)) {
        synchronized (this) {
          reads.add(file);
        }
      }
    }

    @Override
    public void checkRead(String file, Object context) {
      checkRead(file);
    }

    private boolean isAllowed(String file) {
      String lower = file.toLowerCase(Locale.ROOT);
      if (lower.endsWith(".class")
          || lower.endsWith(".jar")
          || lower.endsWith(".jmod")
          || file.equals("/dev/random")
          || file.equals("/dev/urandom")) {
        return true; // classes and jars being loaded; the JDK's entropy source
      }
      Path p;
      try {
        p = new File(file).toPath().toAbsolutePath().normalize();
      } catch (RuntimeException e) {
        return false;
      }
      for (Path root : allowed) {
        if (p.startsWith(root)) {
          return true;
        }
      }
      return false;
    }
  }
}
