package dev.otelpresets.core.internal;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The component loader every OTLP exporter this framework builds is given, so no exporter follows
 * a redirect (a redirect would re-send the payload and every header but {@code Authorization} to
 * an address the operator never configured):
 *
 * <ul>
 *   <li>OTLP/HTTP goes through the JDK {@code HttpClient} sender, whose client keeps the JDK
 *       default {@code HttpClient.Redirect.NEVER}: a 3xx is an answer, counted as a failure;
 *   <li>OTLP/gRPC goes through grpc-java ({@link GrpcChannelSenderProvider}), for which any HTTP
 *       status but 200 is a failed call.
 * </ul>
 *
 * <p>Naming the senders here, rather than leaving the choice to {@code ServiceLoader}, keeps them
 * when an application adds another sender (OkHttp's, which follows redirects) to the class path.
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
    if (available && type == HttpSenderProvider.class) {
      return List.of(type.cast(new JdkHttpSenderProvider()));
    }
    if (available && type == GrpcSenderProvider.class) {
      return List.of(type.cast(new GrpcChannelSenderProvider()));
    }
    return delegate.load(type);
  }

  private static boolean sendersAvailable() {
    try {
      Class.forName("io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider", false,
          RedirectSafeSenders.class.getClassLoader());
      Class.forName("io.grpc.okhttp.OkHttpChannelBuilder", false,
          RedirectSafeSenders.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      log.warn("otel-presets: the JDK HTTP sender and grpc-java are not on the class path"
          + " (inside the Java agent the agent's own senders are used); redirects are then"
          + " handled as those senders handle them");
      return false;
    }
  }
}
