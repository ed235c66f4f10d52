package dev.otelpresets.app.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.support.internal.OneLine;
import io.opentelemetry.api.OpenTelemetry;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls an OpenAI-compatible upstream ({@code upstream: https://api.openai.com/v1}) with the JDK
 * HTTP client, relays its answer to the caller (streamed chunks as they arrive) and records the
 * outcome on the LLM call. The W3C trace context of the LLM span is sent along, as HTTP client
 * instrumentation would. Bounded in time: a plain answer must be complete within the timeout, a
 * stream must have started (its response headers); then the caller gets 504. A started stream may
 * then be silent no longer than the timeout: it is ended with an {@code upstream_timeout} error
 * event, and the model call's slot is freed.
 */
final class OpenAiUpstream {
  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          // a redirect would carry the API key to an address nobody configured
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final OpenTelemetry otel;
  private final Duration timeout;

  OpenAiUpstream(OpenTelemetry otel, Duration timeout) {
    this.otel = otel;
    this.timeout = timeout;
  }

  int call(
      Exchange ex, GatewayConfig.ModelConfig model, ObjectNode body, boolean stream, LlmCall call)
      throws IOException {
    ObjectNode upstreamBody = body.deepCopy();
    upstreamBody.put("model", model.upstreamModel());
    upstreamBody.remove(MockModel.FAIL_FIELD);
    // the caller's own choice: the usage chunk the gateway asks for is relayed only when asked
    boolean callerWantsUsage = body.path("stream_options").path("include_usage").asBoolean(false);
    if (stream) {
      ObjectNode opts =
          upstreamBody.get("stream_options") instanceof ObjectNode o
              ? o
              : upstreamBody.putObject("stream_options");
      opts.put("include_usage", true);
    }
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(URI.create(model.upstream() + "/chat/completions"))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(OpenAi.bytes(upstreamBody)));
    if (model.apiKey() != null) {
      rb.header("Authorization", "Bearer " + model.apiKey());
    }
    Map<String, String> propagation = new LinkedHashMap<>();
    otel.getPropagators()
        .getTextMapPropagator()
        .inject(call.context(), propagation, (carrier, k, v) -> carrier.put(k, v));
    propagation.forEach(rb::header);

    int status;
    InputStream answerBody;
    java.net.http.HttpHeaders answerHeaders;
    try {
      if (stream) {
        // the headers within the timeout (the request's), then no silence longer than it
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response =
            client.send(rb.build(), HttpResponse.BodyHandlers.ofPublisher());
        status = response.statusCode();
        IdleBoundedBody idleBounded = new IdleBoundedBody(timeout);
        response.body().subscribe(idleBounded);
        answerBody = idleBounded;
        answerHeaders = response.headers();
      } else {
        // the whole answer within the timeout: an upstream that stalls mid-body is cut too
        CompletableFuture<HttpResponse<byte[]>> answer =
            client.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        try {
          HttpResponse<byte[]> response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          status = response.statusCode();
          answerBody = new ByteArrayInputStream(response.body());
          answerHeaders = response.headers();
        } catch (TimeoutException e) {
          answer.cancel(true);
          throw new HttpTimeoutException("no complete answer within " + timeout);
        } catch (ExecutionException e) {
          throw e.getCause() instanceof IOException io
              ? io
              : new IOException(e.getCause().getClass().getSimpleName(), e.getCause());
        }
      }
    } catch (HttpTimeoutException e) {
      call.fail("timeout", "the upstream did not answer within " + timeout.toSeconds() + " s");
      return ex.sendJson(
          504,
          OpenAi.error(
              "The upstream model did not answer within " + timeout.toSeconds() + " s.",
              "server_error",
              null,
              "upstream_timeout"));
    } catch (ConnectException e) {
      call.fail(e);
      return ex.sendJson(
          502,
          OpenAi.error(
              "Cannot connect to the upstream of model '" + model.name() + "'.",
              "server_error",
              null,
              "upstream_unreachable"));
    } catch (IOException e) {
      call.fail(e);
      return ex.sendJson(
          502,
          OpenAi.error(
              "The upstream of model '"
                  + model.name()
                  + "' failed: "
                  + e.getClass().getSimpleName()
                  + ".",
              "server_error",
              null,
              "upstream_error"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.fail("interrupted", "the gateway is shutting down");
      return ex.sendJson(
          503, OpenAi.error("The gateway is shutting down.", "server_error", null, null));
    }
    if (status / 100 == 3) {
      answerBody.close();
      call.fail(String.valueOf(status), "the upstream redirected (HTTP " + status + ")");
      return ex.sendJson(
          502,
          OpenAi.error(
              "The upstream of model '"
                  + model.name()
                  + "' answered with a redirect (HTTP "
                  + status
                  + "); redirects are not followed: set"
                  + " its upstream to the new address.",
              "server_error",
              null,
              "upstream_redirect"));
    }
    if (status / 100 != 2) {
      byte[] errorBody;
      try (InputStream in = answerBody) {
        errorBody = in.readNBytes(64 * 1024);
      }
      call.fail(String.valueOf(status), "the upstream answered HTTP " + status);
      // when to try again (a 429, a 503) is the upstream's to say; the caller's client reads it
      // (OpenAI's clients read retry-after-ms first, then Retry-After)
      answerHeaders
          .firstValue("Retry-After")
          .filter(v -> v.matches("[0-9A-Za-z ,:]{1,64}")) // seconds or an HTTP date, no more
          .ifPresent(v -> ex.setHeader("Retry-After", v));
      answerHeaders
          .firstValue("retry-after-ms")
          .filter(v -> v.matches("[0-9.]{1,16}"))
          .ifPresent(v -> ex.setHeader("retry-after-ms", v));
      // an upstream's error is relayed only when it is OpenAI-shaped and does not echo the key
      if (!looksLikeOpenAiError(errorBody)
          || echoesKey(new String(errorBody, StandardCharsets.UTF_8), model.apiKey())) {
        errorBody =
            OpenAi.error(
                "The upstream answered HTTP " + status + ".",
                status >= 500 ? "server_error" : "invalid_request_error",
                null,
                "upstream_error");
      }
      return ex.sendJson(status, errorBody);
    }
    if (!stream) {
      byte[] bytes;
      try (InputStream in = answerBody) {
        bytes = in.readAllBytes();
      }
      JsonNode parsed;
      try {
        parsed = OpenAi.JSON.readTree(bytes);
      } catch (JsonProcessingException e) {
        parsed = null;
      }
      if (parsed == null || !parsed.isObject()) {
        call.fail("invalid_response", "the upstream answered with a body that is not JSON");
        return ex.sendJson(
            502,
            OpenAi.error(
                "The upstream answered with a body that" + " is not a chat completion.",
                "server_error",
                null,
                "upstream_error"));
      }
      call.end(OpenAi.llmResponse(OpenAi.fromResponse(parsed)));
      return ex.sendJson(200, bytes);
    }
    return relayStream(ex, answerBody, call, callerWantsUsage, model.apiKey());
  }

  /** Whether an upstream's answer quotes the key it was sent: such bytes are never relayed. */
  private static boolean echoesKey(String answer, String apiKey) {
    return apiKey != null && answer.contains(apiKey);
  }

  /**
   * Relays the upstream's stream, recording it. The gateway asks every upstream for usage
   * ({@code include_usage}), which adds a last chunk with no choices and {@code "usage": null} to
   * every other chunk. A caller that did not ask gets neither: a client reading {@code
   * choices[0]} of every chunk fails on a chunk without choices. Its usage comes on the last
   * chunk, the one with the finish reason, as the mock model sends it.
   */
  private int relayStream(
      Exchange ex, InputStream answerBody, LlmCall call, boolean callerWantsUsage, String apiKey)
      throws IOException {
    Gateway.Sse sse = Gateway.Sse.start(ex);
    StreamState st = new StreamState();
    boolean complete = false;
    String streamError = null;
    ObjectNode held = null; // the finish chunk, until the usage the caller did not ask for is known
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(answerBody, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.startsWith("data:")) {
          continue;
        }
        String payload = line.substring(5).trim();
        if (payload.equals("[DONE]")) {
          complete = true;
          break;
        }
        if (echoesKey(payload, apiKey)) {
          // as for a plain answer's error body: an event that quotes the key is not relayed
          streamError = "upstream_error";
          held = sendHeld(sse, held);
          sse.raw(
              OpenAi.error(
                  "The upstream's stream carried an event the gateway does not relay.",
                  "server_error",
                  null,
                  "upstream_error"));
          continue;
        }
        JsonNode chunk;
        try {
          chunk = OpenAi.JSON.readTree(payload);
        } catch (JsonProcessingException e) {
          chunk = null;
        }
        if (chunk != null && chunk.path("error").isObject()) {
          // an error event in the stream, as OpenAI sends one when a stream fails midway
          JsonNode error = chunk.get("error");
          streamError =
              error.path("code").isTextual()
                  ? error.get("code").asText()
                  : error.path("type").asText("upstream_error");
        } else if (chunk != null) {
          st.accept(chunk, call);
        }
        if (!callerWantsUsage && chunk instanceof ObjectNode o && !o.has("error")) {
          JsonNode choices = o.path("choices");
          if (choices.isArray() && choices.isEmpty()) {
            // the usage chunk the caller did not ask for: its usage goes on the last chunk
            if (held != null && o.path("usage").isObject()) {
              held.set("usage", o.get("usage"));
            }
            held = sendHeld(sse, held);
            continue;
          }
          held = sendHeld(sse, held);
          boolean noise = o.path("usage").isNull(); // "usage": null on every chunk but the last
          if (noise) {
            o.remove("usage");
          }
          if (choices.path(0).path("finish_reason").isTextual() && !o.path("usage").isObject()) {
            held = o; // sent with the usage of the chunk that follows, or alone
            continue;
          }
          sse.raw(noise ? OpenAi.bytes(o) : payload.getBytes(StandardCharsets.UTF_8));
          continue;
        }
        held = sendHeld(sse, held);
        sse.raw(payload.getBytes(StandardCharsets.UTF_8));
      }
      held = sendHeld(sse, held);
      if (streamError != null) {
        call.fail(
            OneLine.escape(streamError.length() > 64 ? streamError.substring(0, 64) : streamError),
            "the upstream's stream carried an error event");
        if (complete) {
          sse.done();
        }
        return 200;
      }
      if (!complete) {
        // the upstream closed the stream early: a [DONE] from the gateway would tell the caller
        // the answer is whole; an error event, as OpenAI sends one in a stream, says it is not
        call.fail("incomplete_stream", "the upstream's stream ended before [DONE]");
        sse.error(
            OpenAi.error(
                "The upstream's stream ended before it was complete.",
                "server_error",
                null,
                "upstream_incomplete_stream"));
        return 200;
      }
      sse.done();
    } catch (IdleBoundedBody.Stalled e) {
      // the stream has started (200 is sent): the caller gets an OpenAI-style error event, no
      // [DONE], and the connection to the upstream is let go
      call.fail("timeout", "the upstream stopped streaming: " + e.getMessage());
      sendHeld(sse, held);
      sse.error(
          OpenAi.error(
              "The upstream model stopped streaming: nothing for " + timeout.toSeconds() + " s.",
              "server_error",
              null,
              "upstream_timeout"));
      return 200;
    } catch (IOException e) {
      call.fail(e);
      throw e;
    }
    call.end(OpenAi.llmResponse(st.completion()));
    return 200;
  }

  /** Sends the chunk held back, if any; returns null (nothing held any more). */
  private static ObjectNode sendHeld(Gateway.Sse sse, ObjectNode held) throws IOException {
    if (held != null) {
      sse.raw(OpenAi.bytes(held));
    }
    return null;
  }

  private static boolean looksLikeOpenAiError(byte[] body) {
    try {
      return OpenAi.JSON.readTree(body).path("error").isObject();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** What a stream said so far: text, tool calls, finish reason and usage. */
  private static final class StreamState {
    private final StringBuilder content = new StringBuilder();
    private final List<String[]> toolCalls = new ArrayList<>(); // id, name, arguments
    private String id;
    private String model;
    private String finish;
    private Long prompt;
    private Long completion;
    private Long cached;
    private Long reasoning;
    private boolean any;
    private boolean anyContent;

    void accept(JsonNode chunk, LlmCall call) {
      if (!any) {
        call.firstChunk();
        any = true;
      } else {
        call.chunk();
      }
      id = chunk.path("id").asText(id);
      model = chunk.path("model").asText(model);
      JsonNode choice = chunk.path("choices").path(0);
      JsonNode delta = choice.path("delta");
      if (delta.path("content").isTextual()) {
        content.append(delta.get("content").asText());
        anyContent = true;
      }
      for (JsonNode tc : delta.path("tool_calls")) {
        int index = tc.path("index").asInt(toolCalls.size());
        while (toolCalls.size() <= index) {
          toolCalls.add(new String[] {null, "", ""});
        }
        String[] t = toolCalls.get(index);
        if (tc.path("id").isTextual()) {
          t[0] = tc.get("id").asText();
        }
        JsonNode fn = tc.path("function");
        if (fn.path("name").isTextual()) {
          t[1] += fn.get("name").asText();
        }
        if (fn.path("arguments").isTextual()) {
          t[2] += fn.get("arguments").asText();
        }
      }
      if (choice.path("finish_reason").isTextual()) {
        finish = choice.get("finish_reason").asText();
      }
      JsonNode usage = chunk.path("usage");
      if (usage.isObject()) {
        prompt = OpenAi.longOrNull(usage.path("prompt_tokens"));
        completion = OpenAi.longOrNull(usage.path("completion_tokens"));
        cached = OpenAi.longOrNull(usage.path("prompt_tokens_details").path("cached_tokens"));
        reasoning =
            OpenAi.longOrNull(usage.path("completion_tokens_details").path("reasoning_tokens"));
      }
    }

    OpenAi.Completion completion() {
      List<OpenAi.ToolCallOut> calls = new ArrayList<>();
      for (String[] t : toolCalls) {
        calls.add(new OpenAi.ToolCallOut(t[0], t[1].isEmpty() ? "unknown" : t[1], t[2]));
      }
      return new OpenAi.Completion(
          id,
          model,
          anyContent ? content.toString() : null,
          calls,
          finish,
          prompt,
          completion,
          cached,
          reasoning);
    }
  }
}
