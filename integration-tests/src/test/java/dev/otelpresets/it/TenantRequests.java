package dev.otelpresets.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmCall;
import dev.otelpresets.core.Tenant;
import dev.otelpresets.testkit.GenAiScenarios;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;

/** A gateway request as the tenant tests make it: two spans, the tenant bound in between. */
final class TenantRequests {
  private TenantRequests() {}

  /**
   * One request: a server span, the tenant bound after "authentication" (none: the operator's
   * request), an LLM call under it. Returns the trace id, the server's and the LLM call's span id.
   */
  static String[] request(GenAiTelemetry telemetry, Tenant tenant) {
    Span server =
        telemetry
            .openTelemetry()
            .getTracer("http-server")
            .spanBuilder("POST /v1/chat/completions")
            .setSpanKind(SpanKind.SERVER)
            .startSpan();
    String llm;
    try (Scope ignored = server.makeCurrent()) {
      if (tenant != null) {
        assertTrue(telemetry.bindTenant(tenant));
      }
      LlmCall call = telemetry.startCall(GenAiScenarios.request().build());
      call.end(GenAiScenarios.response().build());
      llm = call.span().getSpanContext().getSpanId();
    } finally {
      server.end();
    }
    return new String[] {
      server.getSpanContext().getTraceId(), server.getSpanContext().getSpanId(), llm
    };
  }
}
