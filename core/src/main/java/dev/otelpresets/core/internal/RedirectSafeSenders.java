package dev.otelpresets.core.internal;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import java.lang.reflect.Field;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The component loader every OTLP exporter this framework builds is given, so no exporter follows
 * a redirect (a redirect would re-send the payload and every header but {@code Authorization} to
 * an address the operator never configured):
 *
 * <ul>
 *   <li>OTLP/HTTP goes through OkHttp's sender with its client rebuilt to follow no redirect: a
 *       3xx is an answer, counted as a failure. Where OkHttp's sender was excluded and the JDK
 *       {@code HttpClient} sender is there instead, that one is used: it follows no redirect. (The JDK {@code HttpClient} sender never follows
 *       redirects either, but on Java 17 each of its clients keeps a selector thread until it is
 *       garbage collected, which a churning set of per-tenant clients cannot afford.)
 *   <li>OTLP/gRPC goes through grpc-java ({@link GrpcChannelSenderProvider}), for which any HTTP
 *       status but 200 is a failed call.
 * </ul>
 *
 * <p>Naming the senders here, rather than leaving the choice to {@code ServiceLoader}, keeps them
 * when an application adds another sender to the class path, and OkHttp's own gRPC sender (which
 * follows redirects) is never used.
 *
 * <p>Everything else loads from this class's class loader, as the SDK's default loader would.
 * Where these senders are not on the class path (inside the OpenTelemetry Java agent, which brings
 * its own exporters), exporters are built as the SDK builds them and a warning says so once.
 */
public final class RedirectSafeSenders implements ComponentLoader {
  private static final Logger log = LoggerFactory.getLogger(RedirectSafeSenders.class);
  private static final RedirectSafeSenders INSTANCE = new RedirectSafeSenders();

  private final ComponentLoader delegate =
      ComponentLoader.forClassLoader(RedirectSafeSenders.class.getClassLoader());

  /** OkHttp's HTTP sender is here: it is used with redirects switched off. */
  private final boolean okHttp =
      present("io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider");

  /**
   * The JDK {@code HttpClient} sender is here (an application that excluded OkHttp, such as the
   * Spring Boot starter's): its client never follows a redirect, so it is used as it is.
   */
  private final boolean jdk =
      present("io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider");

  private final boolean available = sendersAvailable();

  private RedirectSafeSenders() {}

  /** The loader to hand to exporter builders and autoconfigure. */
  public static ComponentLoader loader() {
    return INSTANCE;
  }

  /**
   * Whether this framework's senders are on the class path (false inside the Java agent, whose
   * exporters, senders and logging are the agent's and are left alone: exporters are then built
   * exactly as the SDK builds them).
   */
  static boolean inUse() {
    return INSTANCE.available;
  }

  @Override
  public <T> Iterable<T> load(Class<T> type) {
    if (available && type == HttpSenderProvider.class && okHttp) {
      return List.of(type.cast(new NoRedirectHttpSenderProvider()));
    }
    if (available && type == GrpcSenderProvider.class) {
      return List.of(type.cast(new GrpcChannelSenderProvider()));
    }
    return delegate.load(type);
  }

  private boolean sendersAvailable() {
    if ((okHttp || jdk) && present("io.grpc.okhttp.OkHttpChannelBuilder")) {
      return true;
    }
    log.warn(
        "otel-presets: neither OkHttp's nor the JDK's OTLP HTTP sender, or not grpc-java,"
            + " is on the class path (inside the Java agent the agent's own senders are used);"
            + " redirects are then handled as those senders handle them");
    return false;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, RedirectSafeSenders.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** OkHttp's HTTP sender, with a client that follows no redirect. */
  static final class NoRedirectHttpSenderProvider implements HttpSenderProvider {
    @Override
    public HttpSender createSender(HttpSenderConfig config) {
      HttpSender sender = new OkHttpHttpSenderProvider().createSender(config);
      refuseRedirects(sender);
      return sender;
    }
  }

  /**
   * Replaces the sender's OkHttp client with one that follows no redirect
   * ({@code client.newBuilder().followRedirects(false).followSslRedirects(false)}: the same
   * dispatcher, pool and interceptors). OkHttp's sender offers no option for it; its client is the
   * field {@code client} (SDK 1.67, checked by the tests that fail when a redirect is followed).
   * Reflection keeps OkHttp out of this module's compile path. Fails loudly rather than export
   * with a client that follows redirects.
   */
  static void refuseRedirects(HttpSender sender) {
    try {
      Field field = sender.getClass().getDeclaredField("client");
      field.setAccessible(true);
      Object client = field.get(sender);
      Object builder = client.getClass().getMethod("newBuilder").invoke(client);
      builder.getClass().getMethod("followRedirects", boolean.class).invoke(builder, false);
      builder.getClass().getMethod("followSslRedirects", boolean.class).invoke(builder, false);
      field.set(sender, builder.getClass().getMethod("build").invoke(builder));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "otel-presets cannot switch off redirects of the OkHttp"
              + " sender "
              + sender.getClass().getName()
              + " ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
  }
}
