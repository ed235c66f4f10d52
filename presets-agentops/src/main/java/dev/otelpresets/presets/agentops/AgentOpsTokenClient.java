package dev.otelpresets.presets.agentops;

import dev.otelpresets.support.internal.HeaderValues;
import dev.otelpresets.support.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code POST {api}/v3/auth/token} with {@code {"api_key": "..."}}, answered by {@code {"token":
 * "<jwt>", ...}}. Uses the JDK HTTP client, created on the first fetch so that building the
 * exporter starts no thread and touches no network.
 */
final class AgentOpsTokenClient implements AgentOpsTokenProvider.Fetcher {
  static final String TOKEN_PATH = "/v3/auth/token";

  private final URI tokenUrl;
  private final String apiKey;
  private final Duration timeout;
  private volatile HttpClient client;

  AgentOpsTokenClient(URI tokenUrl, String apiKey, Duration timeout) {
    this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public String fetch() throws IOException {
    StringBuilder body = new StringBuilder("{\"api_key\":");
    Json.quote(apiKey, body);
    body.append('}');
    HttpRequest request =
        HttpRequest.newBuilder(tokenUrl)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response;
    try {
      response = client().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching the token from " + tokenUrl, e);
    } catch (IOException e) {
      // the exception's type only: the JDK's text can quote what the server sent
      throw new IOException(
          tokenUrl + " could not be reached (" + e.getClass().getSimpleName() + ")", e);
    }
    int status = response.statusCode();
    if (status < 200 || status >= 300) {
      // The body is left out on purpose: an error page might echo the request.
      throw new AgentOpsTokenException(
          tokenUrl
              + " answered HTTP "
              + status
              + (status == 401 || status == 403 ? " (is AGENTOPS_API_KEY right?)" : ""),
          status);
    }
    Object token = Json.asMap(Json.parseOrDefault(response.body(), null)).get("token");
    if (!(token instanceof String s) || s.isBlank()) {
      throw new IOException(tokenUrl + " answered without a token");
    }
    String trimmed = s.trim();
    if (HeaderValues.problem(trimmed).isPresent()) {
      throw new IOException(tokenUrl + " answered a token that cannot travel in a header");
    }
    return trimmed;
  }

  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c =
              HttpClient.newBuilder()
                  .connectTimeout(timeout)
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .build();
          client = c;
        }
      }
    }
    return c;
  }

  @Override
  public String toString() {
    return "AgentOpsTokenClient{url=" + tokenUrl + ", apiKey=<redacted>}";
  }
}
