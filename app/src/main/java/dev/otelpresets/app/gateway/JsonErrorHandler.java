package dev.otelpresets.app.gateway;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to what Jetty refuses before the gateway's routes see it (a folded or NUL-bearing
 * header, a bad chunk, Content-Length and Transfer-Encoding together, headers over the limit, an
 * ambiguous path): an OpenAI-style JSON error like every other answer, not Jetty's HTML page. A
 * 4xx keeps Jetty's short reason; a 5xx names no exception.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  public boolean errorPageForMethod(String method) {
    return true; // every method gets the JSON body (HEAD's is dropped by Jetty)
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    boolean client = code >= 400 && code < 500;
    String reason = HttpStatus.getMessage(code);
    String text =
        client && message != null && !message.isBlank()
            ? "The HTTP request is malformed: " + OpenAi.clip(message) + "."
            : client ? "The HTTP request is malformed: " + reason + "." : reason + ".";
    byte[] body =
        OpenAi.error(
            text,
            client ? "invalid_request_error" : "server_error",
            null,
            switch (code) {
              case 413 -> "request_too_large";
              case 414 -> "uri_too_long";
              case 431 -> "headers_too_large";
              default -> client ? "bad_request" : null;
            });
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
