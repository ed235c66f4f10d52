package dev.otelpresets.app.doctor;

import dev.otelpresets.core.internal.PresetSelection;
import dev.otelpresets.presets.agentops.AgentOpsExporterFactory;
import dev.otelpresets.presets.agentops.AgentOpsTokenException;
import dev.otelpresets.spi.ExporterSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Probes AgentOps the way its exporter works: exchanges the API key for a JWT at {@code
 * {api_endpoint}/v3/auth/token} (no redirects), then sends the empty OTLP export with that JWT.
 * Says in words what went wrong; never shows the key or the token.
 */
public final class AgentOpsProbe {
  private final Duration timeout;
  private final Probe otlp;

  public AgentOpsProbe(Duration timeout, Probe otlp) {
    this.timeout = timeout;
    this.otlp = otlp;
  }

  /** The AgentOps factory behind a diagnosed exporter, if it is one. */
  public static Optional<AgentOpsExporterFactory> factoryOf(Diagnosis d, Diagnosis.Exporter e) {
    for (PresetSelection.Selected s : d.selection().selected()) {
      if (!s.provider().name().equals(e.preset())) {
        continue;
      }
      for (ExporterSpec spec : s.preset().exporters()) {
        if (spec.endpoint().equals(e.endpoint())
            && spec.customFactory().orElse(null) instanceof AgentOpsExporterFactory f) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }

  /** The token exchange, then the OTLP endpoint with the token. */
  public Probe.Result probe(Diagnosis.Exporter e, AgentOpsExporterFactory factory) {
    String token;
    try {
      token = factory.exchangeToken(timeout);
    } catch (AgentOpsTokenException ex) {
      return new Probe.Result(
          false, tokenStatus(ex.statusCode()) + " (token exchange at " + factory.tokenUrl() + ")");
    } catch (IOException ex) {
      // the client's messages name the URL and the cause only, never the key
      return new Probe.Result(false, "token exchange failed: " + ex.getMessage());
    }
    Map<String, String> headers = new LinkedHashMap<>(e.headers());
    headers.put("Authorization", "Bearer " + token);
    Set<String> secret = new LinkedHashSet<>(e.secretHeaders());
    secret.add("Authorization");
    Diagnosis.Exporter withToken =
        new Diagnosis.Exporter(
            e.preset(),
            e.owner(),
            e.signal(),
            e.protocol(),
            e.endpoint(),
            e.endpointOrigin(),
            headers,
            secret,
            e.resourceOverlay(),
            e.queueSize(),
            false,
            null,
            e.compression());
    Probe.Result r = otlp.probe(withToken);
    return new Probe.Result(r.ok(), "token exchange ok; " + r.words());
  }

  private static String tokenStatus(int status) {
    String s = status + ": ";
    return switch (status) {
      case 401 ->
          s
              + "AgentOps rejected the API key (check AGENTOPS_API_KEY /"
              + " presets.agentops.api_key)";
      case 403 -> s + "AgentOps refused the API key (not allowed for this project?)";
      case 404 -> s + "no AgentOps token endpoint there (check AGENTOPS_API_ENDPOINT)";
      case 429 -> s + "AgentOps is rate limiting token requests";
      default ->
          status / 100 == 3
              ? s
                  + "the token endpoint redirects; redirects are not followed (the API key would"
                  + " go elsewhere). Set AGENTOPS_API_ENDPOINT to the final URL"
              : status >= 500
                  ? s + "the AgentOps token endpoint had a server error"
                  : s + "the AgentOps token endpoint refused the request";
    };
  }
}
