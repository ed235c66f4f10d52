package dev.otelpresets.testkit.conformance;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Records every connection attempt that consults the JVM's default {@link ProxySelector} while
 * armed: the JDK {@code HttpClient}, {@code HttpURLConnection}, OkHttp and gRPC all ask it before
 * they connect. Installed once per JVM, it delegates to the selector that was there before, so it
 * changes no behaviour; it only records while a check is running. Security-manager free.
 */
final class NetworkTripwire extends ProxySelector {
  private static NetworkTripwire installed;

  private final ProxySelector delegate;
  private final List<URI> attempts = new ArrayList<>();
  private boolean armed;

  private NetworkTripwire(ProxySelector delegate) {
    this.delegate = delegate;
  }

  /** The JVM-wide tripwire, installing it on first use. */
  static synchronized NetworkTripwire install() {
    if (installed == null || ProxySelector.getDefault() != installed) {
      installed = new NetworkTripwire(ProxySelector.getDefault());
      ProxySelector.setDefault(installed);
    }
    return installed;
  }

  synchronized void arm() {
    attempts.clear();
    armed = true;
  }

  /** Stops recording and returns what was attempted since {@link #arm()}. */
  synchronized List<URI> disarm() {
    armed = false;
    return List.copyOf(attempts);
  }

  @Override
  public List<Proxy> select(URI uri) {
    synchronized (this) {
      if (armed) {
        attempts.add(uri);
      }
    }
    return delegate != null ? delegate.select(uri) : List.of(Proxy.NO_PROXY);
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    if (delegate != null) {
      delegate.connectFailed(uri, sa, ioe);
    }
  }
}
