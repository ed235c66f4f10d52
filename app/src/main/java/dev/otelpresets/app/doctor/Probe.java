package dev.otelpresets.app.doctor;

import dev.otelpresets.support.internal.HeaderValues;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sends one empty OTLP export to an exporter's endpoint, with the exporter's headers, and says
 * what the answer means: in its own words, never with the answer's body, and never following a
 * redirect (the JDK client's default). An empty export is a valid request (an {@code ExportTraceServiceRequest}
 * with no spans encodes to zero bytes) that stores nothing.
 */
public final class Probe {
  /** The outcome: whether the endpoint accepted, and the status in words. */
  public record Result(boolean ok, String words) {}

  private static final Map<String, String> BACKENDS =
      Map.of(
          "arize",
          "Arize",
          "phoenix",
          "Phoenix",
          "langfuse",
          "Langfuse",
          "weave",
          "W&B Weave",
          "levo",
          "Levo",
          "agentops",
          "AgentOps",
          "otel",
          "the collector");
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final HttpClient client;
  private final Duration timeout;

  public Probe(Duration timeout) {
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The backend's display name for an owner id. */
  static String backend(String owner) {
    return BACKENDS.getOrDefault(owner, owner);
  }

  /** Probes one exporter. */
  public Result probe(Diagnosis.Exporter e) {
    String who = backend(e.owner().id());
    if (e.protocol().startsWith("grpc")) {
      return probeGrpc(e, who);
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(e.endpoint()))
            .timeout(timeout)
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(emptyExport(e.signal())));
    Result bad = addHeaders(b, e, false);
    if (bad != null) {
      return bad;
    }
    try {
      // the body is never read: a backend's answer may echo our headers
      HttpResponse<Void> r = client.send(b.build(), HttpResponse.BodyHandlers.discarding());
      return interpret(r.statusCode(), who, e, r.headers().firstValue("location").orElse(null));
    } catch (HttpConnectTimeoutException ex) {
      return new Result(
          false,
          "no answer: connecting to "
              + hostPort(e)
              + " timed out after "
              + timeout.toSeconds()
              + " s");
    } catch (HttpTimeoutException ex) {
      return new Result(
          false, "no answer within " + timeout.toSeconds() + " s from " + hostPort(e));
    } catch (ConnectException ex) {
      return new Result(false, "cannot connect: nothing is listening at " + hostPort(e));
    } catch (IOException ex) {
      return new Result(false, failure(ex, e));
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted");
    }
  }

  /** An empty export request of the signal: valid OTLP that stores nothing (zero bytes). */
  static byte[] emptyExport(String signal) {
    return switch (signal) {
      case "metrics" ->
          io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest
              .getDefaultInstance()
              .toByteArray();
      case "logs" ->
          io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest.getDefaultInstance()
              .toByteArray();
      default ->
          io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.getDefaultInstance()
              .toByteArray();
    };
  }

  /**
   * Adds the exporter's headers; a value the JDK refuses gives a result naming the header, never
   * the value (the JDK's own message quotes it).
   */
  private static Result addHeaders(HttpRequest.Builder b, Diagnosis.Exporter e, boolean lower) {
    for (Map.Entry<String, String> h : e.headers().entrySet()) {
      String name = lower ? h.getKey().toLowerCase(Locale.ROOT) : h.getKey();
      if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
        continue;
      }
      try {
        b.header(name, h.getValue());
      } catch (IllegalArgumentException invalid) {
        return new Result(
            false,
            "header '"
                + h.getKey()
                + "' has a value HTTP cannot carry"
                + " (not shown): "
                + HeaderValues.FIX);
      }
    }
    return null;
  }

  static Result interpret(int status, String who, Diagnosis.Exporter e) {
    return interpret(status, who, e, null);
  }

  /**
   * What an answer means. A redirect's target is shown as scheme, host, port and path only (no
   * user info, query or fragment), so a hostile answer cannot put text of its own on the screen.
   */
  static Result interpret(int status, String who, Diagnosis.Exporter e, String location) {
    String s = status + ": ";
    if (status / 100 == 2) {
      return new Result(true, s + who + " accepted the export");
    }
    if (status / 100 == 3) {
      String target = redirectTarget(e.endpoint(), location);
      return new Result(
          false,
          s
              + who
              + " redirects "
              + (target == null ? "elsewhere" : "to " + target)
              + "; exporters never follow redirects (credentials would go with"
              + " them): set the endpoint to "
              + (target == null ? "the new address" : "it")
              + " if you trust it");
    }
    return switch (status) {
      case 400 ->
          new Result(
              false,
              s
                  + who
                  + " rejected the empty export as malformed (is this"
                  + " an OTLP/HTTP protobuf endpoint?)");
      case 401 ->
          e.customTransport()
              ? new Result(
                  true,
                  s
                      + who
                      + " rejected the static headers; expected, since this preset"
                      + " adds its credentials (e.g. a fetched token) at export time")
              : new Result(false, s + who + " rejected the credentials");
      case 403 ->
          new Result(
              false,
              s
                  + who
                  + " refused access: the credentials are valid but"
                  + " not allowed here (wrong project, space or workspace?)");
      case 404 ->
          new Result(
              false,
              s
                  + "no OTLP endpoint at "
                  + e.endpoint()
                  + " (check the path; OTLP/HTTP traces go to .../v1/traces)");
      case 405 ->
          new Result(
              false, s + "the server does not accept POST at this URL (not an" + " OTLP endpoint)");
      case 413 -> new Result(false, s + who + " refused the request size");
      case 415 -> new Result(false, s + who + " does not accept protobuf here (wrong protocol?)");
      case 429 -> new Result(false, s + who + " is rate limiting this client");
      case 502, 503, 504 -> new Result(false, s + who + " is unavailable right now");
      default ->
          new Result(
              false,
              s + (status >= 500 ? who + " had a server error" : who + " refused the export"));
    };
  }

  /** The redirect's target as {@code scheme://host[:port]/path}, or null when unusable. */
  static String redirectTarget(String endpoint, String location) {
    if (location == null) {
      return null;
    }
    try {
      URI u = URI.create(endpoint).resolve(location.trim());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
        return null;
      }
      String shown =
          scheme
              + "://"
              + u.getHost()
              + (u.getPort() > 0 ? ":" + u.getPort() : "")
              + (u.getRawPath() == null ? "" : u.getRawPath());
      return shown.length() > 200 || HeaderValues.problem(shown).isPresent() ? null : shown;
    } catch (IllegalArgumentException notAUri) {
      return null;
    }
  }

  private Result probeGrpc(Diagnosis.Exporter e, String who) {
    URI uri = URI.create(e.endpoint());
    int port =
        uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      // plaintext gRPC needs HTTP/2 with prior knowledge, which the JDK client cannot speak
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
        return new Result(
            true,
            "reachable (TCP connect to "
                + uri.getHost()
                + ":"
                + port
                + " succeeded; plaintext gRPC exports are not attempted by the probe)");
      } catch (UnknownHostException ex) {
        return new Result(false, "cannot resolve host " + uri.getHost());
      } catch (IOException ex) {
        return new Result(
            false, "cannot connect: nothing is listening at " + uri.getHost() + ":" + port);
      }
    }
    String base = e.endpoint().endsWith("/") ? e.endpoint() : e.endpoint() + "/";
    String method =
        e.signal().equals("metrics")
            ? "opentelemetry.proto.collector.metrics.v1.MetricsService/Export"
            : "opentelemetry.proto.collector.trace.v1.TraceService/Export";
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + method))
            .version(HttpClient.Version.HTTP_2)
            .timeout(timeout)
            .header("Content-Type", "application/grpc")
            .header("te", "trailers")
            // one uncompressed gRPC frame holding the empty request
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 0, 0, 0, 0}));
    Result bad = addHeaders(b, e, true);
    if (bad != null) {
      return bad;
    }
    try {
      HttpResponse<Void> r = client.send(b.build(), HttpResponse.BodyHandlers.discarding());
      String grpcStatus = r.headers().firstValue("grpc-status").orElse(null);
      if (r.statusCode() != 200) {
        return interpret(r.statusCode(), who, e, r.headers().firstValue("location").orElse(null));
      }
      if (grpcStatus == null || grpcStatus.equals("0")) {
        return new Result(true, "200: " + who + " answered the gRPC export");
      }
      return switch (grpcStatus) {
        case "16" ->
            e.customTransport()
                ? new Result(
                    true, "UNAUTHENTICATED: expected without the token this preset fetches")
                : new Result(
                    false, "401 (gRPC UNAUTHENTICATED): " + who + " rejected the credentials");
        case "7" -> new Result(false, "403 (gRPC PERMISSION_DENIED): " + who + " refused access");
        case "12" -> new Result(false, "gRPC UNIMPLEMENTED: no OTLP service at " + e.endpoint());
        case "14" -> new Result(false, "gRPC UNAVAILABLE: " + who + " is unavailable right now");
        default ->
            new Result(false, "gRPC status " + grpcStatus + ": " + who + " refused the export");
      };
    } catch (ConnectException ex) {
      return new Result(
          false, "cannot connect: nothing is listening at " + uri.getHost() + ":" + port);
    } catch (IOException ex) {
      return new Result(false, failure(ex, e));
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted");
    }
  }

  private static String failure(IOException ex, Diagnosis.Exporter e) {
    Throwable root = ex;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    if (root instanceof UnknownHostException) {
      return "cannot resolve host " + URI.create(e.endpoint()).getHost();
    }
    if (root instanceof ConnectException) {
      return "cannot connect: nothing is listening at " + hostPort(e);
    }
    if (root instanceof javax.net.ssl.SSLException) {
      return "TLS failed with " + hostPort(e) + " (" + root.getClass().getSimpleName() + ")";
    }
    // no exception text: it can quote what the server sent (an invalid status line, say)
    return "request failed: " + root.getClass().getSimpleName();
  }

  private static String hostPort(Diagnosis.Exporter e) {
    URI uri = URI.create(e.endpoint());
    int port =
        uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    return uri.getHost() + ":" + port;
  }
}
