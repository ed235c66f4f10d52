package dev.otelpresets.presets.agentops;

import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.conformance.PresetConformanceTest;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The agentops preset runs the conformance suite every preset runs, with a fake token endpoint:
 * exports must carry the fetched JWT (companions: otel, langfuse).
 */
class AgentOpsConformanceTest extends PresetConformanceTest {
  private TokenServer tokens;

  @BeforeEach
  void startTokenServer() throws IOException {
    tokens = new TokenServer();
  }

  @AfterEach
  void stopTokenServer() {
    tokens.close();
  }

  @Override
  protected String presetName() {
    return "agentops";
  }

  @Override
  protected Map<String, String> settingsEnv(OtlpReceiver receiver) {
    return Map.of(
        "AGENTOPS_API_KEY", "agentops-conformance-key",
        "AGENTOPS_API_ENDPOINT", tokens.apiBaseUrl(),
        "AGENTOPS_EXPORTER_ENDPOINT", receiver.tracesUrl());
  }

  /** The first token the fake endpoint issues, fetched lazily on the first export. */
  @Override
  protected Map<String, String> expectedRequestHeaders() {
    return Map.of("Authorization", "Bearer " + TokenServer.issuedToken(1, null));
  }
}
