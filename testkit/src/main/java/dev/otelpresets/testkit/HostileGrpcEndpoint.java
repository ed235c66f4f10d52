package dev.otelpresets.testkit;

import io.grpc.netty.shaded.io.netty.bootstrap.ServerBootstrap;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelInitializer;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2HeadersFrame;
import io.grpc.netty.shaded.io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A plaintext HTTP/2 endpoint on 127.0.0.1 for what a gRPC server cannot do: answer an OTLP/gRPC
 * export with an HTTP redirect, or drop the connection. It records each request's headers (the
 * gRPC metadata an exporter sent) in {@link #requests()}, so a test can check where credentials
 * went; it reads no message.
 *
 * <pre>{@code
 * try (OtlpReceiver target = OtlpReceiver.startWithGrpc("target");
 *     HostileGrpcEndpoint redirecting =
 *         HostileGrpcEndpoint.redirecting("arize", 307, target.grpcEndpoint())) {
 *   // point a gRPC exporter at redirecting.endpoint(): the export must fail and the target must
 *   // receive nothing
 * }
 * }</pre>
 */
public final class HostileGrpcEndpoint implements AutoCloseable {
  private final String name;
  private final Recording recording = new Recording();
  private final EventLoopGroup group =
      new NioEventLoopGroup(1, OtlpReceiver.daemonThreads("hostile-grpc"));
  private final Channel server;

  private HostileGrpcEndpoint(String name, int status, String location) {
    this.name = Objects.requireNonNull(name, "name");
    try {
      this.server =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline()
                          .addLast(
                              Http2FrameCodecBuilder.forServer().build(),
                              new Answer(status, location));
                    }
                  })
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      group.shutdownGracefully();
      throw new IllegalStateException("interrupted while starting " + name, e);
    } catch (RuntimeException e) {
      group.shutdownGracefully();
      throw e;
    }
  }

  /**
   * Answers every request with {@code status} (e.g. 302, 307, 308) and {@code Location:
   * location}, ending the stream.
   */
  public static HostileGrpcEndpoint redirecting(String name, int status, String location) {
    if (status < 300 || status > 308) {
      throw new IllegalArgumentException("not a redirect status: " + status);
    }
    return new HostileGrpcEndpoint(name, status, Objects.requireNonNull(location, "location"));
  }

  /** Closes the connection as soon as a request's headers arrive, answering nothing. */
  public static HostileGrpcEndpoint resetting(String name) {
    return new HostileGrpcEndpoint(name, 0, null);
  }

  /** The endpoint for a gRPC exporter, {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Every request so far: its path and headers (status is the one answered, 0 for none). */
  public List<ReceivedRequest> requests() {
    return recording.requests();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Override
  public String toString() {
    return name + "{" + endpoint() + "}";
  }

  private final class Answer extends ChannelInboundHandlerAdapter {
    private final int status;
    private final String location;

    Answer(int status, String location) {
      this.status = status;
      this.location = location;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof Http2HeadersFrame frame) {
          Map<String, List<String>> headers = new LinkedHashMap<>();
          frame
              .headers()
              .forEach(
                  h ->
                      headers
                          .computeIfAbsent(h.getKey().toString(), k -> new ArrayList<>())
                          .add(h.getValue().toString()));
          String path = String.valueOf(frame.headers().path());
          recording.add(ReceivedRequest.grpcUndecoded(path, headers, status, new byte[0]));
          if (location == null) {
            ctx.close();
          } else {
            ctx.writeAndFlush(
                new DefaultHttp2HeadersFrame(
                        new DefaultHttp2Headers()
                            .status(Integer.toString(status))
                            .set("location", location),
                        true)
                    .stream(frame.stream()));
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }
  }
}
