package dev.otelpresets.core.internal;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.sender.okhttp.internal.OkHttpGrpcSenderProvider;
import io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The component loader every OTLP exporter this framework builds is given, so no exporter follows
 * a redirect (a redirect would re-send the payload and every header but {@code Authorization} to
 * an address the operator never configured) and none gets to log what a backend wrote when it
 * refused an export ({@link WithheldAnswers}: a backend that echoes the request would put the
 * credentials in the log):
 *
 * <ul>
 *   <li>OTLP/HTTP goes through OkHttp's sender with its client rebuilt to follow no redirect: a
 *       3xx is an answer, counted as a failure. Where OkHttp's sender was excluded and the JDK
 *       {@code HttpClient} sender is there instead, that one is used: it follows no redirect. (The
 *       JDK sender is not preferred: on Java 17 each of its clients keeps a selector thread until
 *       it is garbage collected, which a churning set of per-tenant clients cannot afford.)
 *   <li>OTLP/gRPC goes through grpc-java ({@link GrpcChannelSenderProvider}), for which any HTTP
 *       status but 200 is a failed call; without grpc-java (inside the OpenTelemetry Java agent,
 *       which brings OkHttp's senders but not grpc-java), through OkHttp's gRPC sender with
 *       redirects switched off as above.
 * </ul>
 *
 * <p>Naming the senders here, rather than leaving the choice to {@code ServiceLoader}, keeps them
 * when an application adds another sender to the class path. Everything else loads from this
 * class's class loader, as the SDK's default loader would.
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

  /** grpc-java is here: gRPC goes through it ({@link GrpcChannelSenderProvider}). */
  private final boolean grpcJava = present("io.grpc.okhttp.OkHttpChannelBuilder");

  /** OkHttp's gRPC sender is here (inside the Java agent): used when grpc-java is not. */
  private final boolean okHttpGrpc =
      present("io.opentelemetry.exporter.sender.okhttp.internal.OkHttpGrpcSenderProvider");

  private final boolean available = sendersAvailable();

  private RedirectSafeSenders() {}

  /** The loader to hand to exporter builders and autoconfigure. */
  public static ComponentLoader loader() {
    return INSTANCE;
  }

  /**
   * Whether this framework's own senders and transport are on the class path: an HTTP sender and
   * grpc-java (false inside the Java agent, whose exporters and logging are the agent's: exporters
   * are then built as the SDK builds them, with this loader's senders where {@link #sendsSafely()}).
   */
  static boolean inUse() {
    return INSTANCE.available;
  }

  /**
   * Whether every exporter built with this loader sends through a sender that follows no redirect
   * and withholds refusals (true inside the Java agent too, through the agent's OkHttp senders).
   */
  static boolean sendsSafely() {
    return INSTANCE.safe();
  }

  private boolean safe() {
    return (okHttp || jdk) && (grpcJava || okHttpGrpc);
  }

  @Override
  public <T> Iterable<T> load(Class<T> type) {
    if (type == HttpSenderProvider.class && (okHttp || jdk)) {
      List<HttpSenderProvider> providers = new ArrayList<>();
      if (okHttp) {
        providers.add(new NoRedirectHttpSenderProvider());
      } else {
        delegate.load(HttpSenderProvider.class).forEach(providers::add);
      }
      return providers.stream()
          .map(p -> type.cast((HttpSenderProvider) c -> WithheldAnswers.http(p.createSender(c))))
          .toList();
    }
    if (type == GrpcSenderProvider.class && (grpcJava || okHttpGrpc)) {
      GrpcSenderProvider p =
          grpcJava ? new GrpcChannelSenderProvider() : new NoRedirectGrpcSenderProvider();
      return List.of(type.cast((GrpcSenderProvider) c -> WithheldAnswers.grpc(p.createSender(c))));
    }
    return delegate.load(type);
  }

  private boolean sendersAvailable() {
    if ((okHttp || jdk) && grpcJava) {
      return true;
    }
    if (safe()) {
      log.info(
          "otel-presets: grpc-java is not on the class path (inside the Java agent): the presets'"
              + " exporters are built as the SDK builds them, with the agent's OkHttp senders,"
              + " which follow no redirect and log no backend's answer");
    } else {
      log.warn(
          "otel-presets: neither OkHttp's nor the JDK's OTLP HTTP sender, or neither grpc-java"
              + " nor OkHttp's gRPC sender, is on the class path; redirects and the backends'"
              + " answers are then handled as the senders found handle them");
    }
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

  /** OkHttp's gRPC sender (the Java agent's), with a client that follows no redirect. */
  static final class NoRedirectGrpcSenderProvider implements GrpcSenderProvider {
    @Override
    public GrpcSender createSender(GrpcSenderConfig config) {
      GrpcSender sender = new OkHttpGrpcSenderProvider().createSender(config);
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
  static void refuseRedirects(Object sender) {
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
