package dev.otelpresets.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * What an exporter gets of a backend's refusal: the status, never the server's words; what it
 * gets of a failed send: the kind of failure, never the original message.
 */
class WithheldAnswersTest {
  private static final String SECRET = "Authorization: Basic c2stbGYtc2VjcmV0";

  private static HttpResponse http(int status, String message, String body) {
    return new HttpResponse() {
      @Override
      public int getStatusCode() {
        return status;
      }

      @Override
      public String getStatusMessage() {
        return message;
      }

      @Override
      public byte[] getResponseBody() {
        return body.getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  private static GrpcResponse grpc(GrpcStatusCode code, String description) {
    return new GrpcResponse() {
      @Override
      public GrpcStatusCode getStatusCode() {
        return code;
      }

      @Override
      public String getStatusDescription() {
        return description;
      }

      @Override
      public byte[] getResponseMessage() {
        return SECRET.getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  @Test
  void aRefusalKeepsItsStatusAndLosesTheServersWords() {
    for (int status : new int[] {301, 307, 400, 401, 403, 413, 429, 500, 503}) {
      HttpResponse r = WithheldAnswers.withheld(http(status, SECRET, "echo: " + SECRET));
      assertEquals(status, r.getStatusCode());
      assertEquals(WithheldAnswers.WITHHELD, r.getStatusMessage());
      assertArrayEquals(new byte[0], r.getResponseBody());
    }
    HttpResponse ok = http(200, "OK", "partial success");
    assertSame(ok, WithheldAnswers.withheld(ok), "a success is the exporter's to read");
  }

  @Test
  void aGrpcRefusalKeepsItsCodeAndOnlyTheHttpStatusItNames() {
    GrpcResponse redirect =
        WithheldAnswers.withheld(
            grpc(GrpcStatusCode.UNKNOWN, "HTTP status code 307\ninvalid content-type: " + SECRET));
    assertEquals(GrpcStatusCode.UNKNOWN, redirect.getStatusCode());
    assertEquals(
        "HTTP status code 307 " + WithheldAnswers.WITHHELD, redirect.getStatusDescription());
    assertArrayEquals(new byte[0], redirect.getResponseMessage());
    // what ExportFailures reads of it is still there
    assertTrue(
        ExportFailures.describe(
                "arize",
                io.opentelemetry.exporter.internal.FailedExportException.grpcFailedWithResponse(
                    redirect))
            .startsWith("307 from arize: redirects are not followed"));
    GrpcResponse rejected =
        WithheldAnswers.withheld(grpc(GrpcStatusCode.UNAUTHENTICATED, "echo " + SECRET));
    assertEquals(GrpcStatusCode.UNAUTHENTICATED, rejected.getStatusCode());
    assertEquals(WithheldAnswers.WITHHELD, rejected.getStatusDescription());
    GrpcResponse ok = grpc(GrpcStatusCode.OK, null);
    assertSame(ok, WithheldAnswers.withheld(ok));
  }

  @Test
  void aFailedSendKeepsItsKindAndLosesItsMessage() {
    Throwable connect = WithheldAnswers.withheld(new ConnectException(SECRET));
    assertInstanceOf(ConnectException.class, connect);
    Throwable timeout =
        WithheldAnswers.withheld(new IOException(SECRET, new SocketTimeoutException(SECRET)));
    assertInstanceOf(SocketTimeoutException.class, timeout);
    Throwable protocol =
        WithheldAnswers.withheld(new ProtocolException("Unexpected status line: " + SECRET));
    assertEquals(IOException.class, protocol.getClass());
    for (Throwable t : List.of(connect, timeout, protocol)) {
      assertFalse(t.getMessage().contains(SECRET), t.getMessage());
      assertNull(t.getCause(), "no cause carries the original message");
    }
    assertEquals(
        "cannot connect to arize (is the endpoint right and the backend up?)",
        ExportFailures.describe("arize", connect));
    assertEquals("arize did not answer in time", ExportFailures.describe("arize", timeout));
    // the JDK writes a TLS failure's message, and a user needs it to fix a certificate
    SSLHandshakeException tls = new SSLHandshakeException("PKIX path building failed");
    assertSame(tls, WithheldAnswers.withheld(tls));
  }

  @Test
  void theSenderHandsOnWithheldAnswersAndFailures() {
    List<Object> got = new ArrayList<>();
    HttpSender refusing =
        WithheldAnswers.http(
            new HttpSender() {
              @Override
              public void send(
                  MessageWriter message,
                  Consumer<HttpResponse> onResponse,
                  Consumer<Throwable> onError) {
                onResponse.accept(http(401, SECRET, SECRET));
                onError.accept(new ProtocolException(SECRET));
              }

              @Override
              public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
              }
            });
    refusing.send(EMPTY, got::add, got::add);
    assertEquals(2, got.size());
    assertEquals(WithheldAnswers.WITHHELD, ((HttpResponse) got.get(0)).getStatusMessage());
    assertFalse(((Throwable) got.get(1)).getMessage().contains(SECRET));
  }

  @Test
  void okHttpsGrpcSenderAsTheJavaAgentBringsItFollowsNoRedirect() throws Exception {
    List<GrpcSender> made = new ArrayList<>();
    ComponentLoader defaults = ComponentLoader.forClassLoader(getClass().getClassLoader());
    ComponentLoader loader =
        new ComponentLoader() {
          @Override
          public <T> Iterable<T> load(Class<T> type) {
            if (type == GrpcSenderProvider.class) {
              GrpcSenderProvider p =
                  c -> {
                    GrpcSender s =
                        new RedirectSafeSenders.NoRedirectGrpcSenderProvider().createSender(c);
                    made.add(s);
                    return s;
                  };
              return List.of(type.cast(p));
            }
            return defaults.load(type);
          }
        };
    OtlpGrpcSpanExporter exporter =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:9")
            .setComponentLoader(loader)
            .build();
    try {
      assertEquals(1, made.size());
      java.lang.reflect.Field field = made.get(0).getClass().getDeclaredField("client");
      field.setAccessible(true);
      Object client = field.get(made.get(0));
      assertEquals(false, client.getClass().getMethod("followRedirects").invoke(client));
      assertEquals(false, client.getClass().getMethod("followSslRedirects").invoke(client));
    } finally {
      exporter.shutdown();
    }
  }

  private static final MessageWriter EMPTY =
      new MessageWriter() {
        @Override
        public void writeMessage(OutputStream out) {}

        @Override
        public int getContentLength() {
          return 0;
        }
      };
}
