package dev.otelpresets.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The load generator's HTTP/1.1 client: one persistent (keep-alive) loopback connection per
 * client thread, a request prepared once as bytes, a blocking read of the status line, headers and
 * body (Content-Length or chunked). It does a small fraction of the work of {@code
 * java.net.http.HttpClient} (no selector thread, futures or header maps per request), so less of
 * the shared machine goes to the load generator and more to the server being measured. It
 * reconnects when the server closes the connection; a request that fails is not retried.
 */
final class LoadClient implements AutoCloseable {

  /** What came back: the status, the {@code traceresponse} header (or null), the body. */
  record Response(int status, String traceResponse, byte[] body) {}

  private final String host;
  private final int port;
  private final byte[] request;
  private final int timeoutMillis;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  /** A client that POSTs {@code body} (JSON) to {@code target} with {@code headers} added. */
  LoadClient(URI target, String body, String authorization, int timeoutMillis) {
    this.host = target.getHost();
    this.port = target.getPort();
    this.timeoutMillis = timeoutMillis;
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + target.getRawPath()
            + " HTTP/1.1\r\n"
            + "Host: "
            + host
            + ":"
            + port
            + "\r\n"
            + "User-Agent: otel-presets-load\r\n"
            + "Content-Type: application/json\r\n"
            + "Authorization: "
            + authorization
            + "\r\n"
            + "Content-Length: "
            + b.length
            + "\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    this.request = new byte[h.length + b.length];
    System.arraycopy(h, 0, request, 0, h.length);
    System.arraycopy(b, 0, request, h.length, b.length);
  }

  /** Sends the request once and reads the whole response. */
  Response send() throws IOException {
    if (socket == null) {
      connect();
    }
    try {
      out.write(request);
      out.flush();
      return read();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void connect() throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout(timeoutMillis);
      s.connect(new InetSocketAddress(host, port), timeoutMillis);
      in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
      out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
      socket = s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  private Response read() throws IOException {
    String statusLine = line();
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
      throw new IOException("not an HTTP/1.x status line: '" + statusLine + "'");
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = statusLine.startsWith("HTTP/1.0");
    String traceResponse = null;
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed header line '" + h + "'");
      }
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        case "traceresponse" -> traceResponse = value;
        default -> {
          // not needed
        }
      }
    }
    byte[] body;
    if (chunked) {
      body = chunkedBody();
    } else if (length >= 0) {
      body = in.readNBytes((int) length);
      if (body.length != length) {
        throw new EOFException("body ended after " + body.length + " of " + length + " bytes");
      }
    } else {
      body = in.readAllBytes();
      close = true;
    }
    if (close) {
      close();
    }
    return new Response(status, traceResponse, body);
  }

  private byte[] chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (n == 0) {
        // trailers, then the empty line
        while (!line().isEmpty()) {
          // ignore trailers
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(n);
      if (chunk.length != n) {
        throw new EOFException("chunk ended after " + chunk.length + " of " + n + " bytes");
      }
      body.write(chunk);
      line();
    }
  }

  /** One line without its CRLF (or LF). */
  private String line() throws IOException {
    StringBuilder sb = new StringBuilder(64);
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new EOFException("connection closed by the server");
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    Socket s = socket;
    socket = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
