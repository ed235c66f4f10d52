package dev.otelpresets.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.app.gateway.Gateway;
import dev.otelpresets.app.gateway.GatewayConfig;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.OtelPresets;
import dev.otelpresets.core.config.OtelPresetsConfig;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The URL the gateway says it listens on is one a client can use, for IPv6 addresses too. */
class GatewayAddressTest {

  @Test
  void anIpv6AddressIsShownInBrackets() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    try (ServerSocket probe = new ServerSocket(0, 1, v6)) {
      Assumptions.assumeTrue(v6 instanceof Inet6Address && probe.isBound());
    } catch (java.io.IOException noIpv6) {
      Assumptions.abort("this machine has no IPv6 loopback: " + noIpv6.getMessage());
    }
    OtelPresetsConfig cfg = GatewaySlowClientsTest.oneUpstream("m", "mock");
    try (GenAiTelemetry telemetry =
            OtelPresets.builder().config(cfg).environment(Map.of()).build();
        Gateway gateway =
            Gateway.builder(telemetry, GatewayConfig.from(cfg))
                .serverOpenTelemetry(telemetry.openTelemetry())
                .host("::1")
                .port(0)
                .shutdownGracePeriod(Duration.ZERO)
                .start()) {
      URI base = gateway.baseUrl();
      assertTrue(base.toString().startsWith("http://[::1]:"), base.toString());
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(base.resolve("/health"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode(), health.body());
    }
  }
}
