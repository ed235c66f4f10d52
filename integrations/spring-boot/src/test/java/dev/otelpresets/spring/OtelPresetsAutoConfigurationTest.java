package dev.otelpresets.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.Environment;
import dev.otelpresets.core.ExportStats;
import dev.otelpresets.core.GenAiTelemetry;
import dev.otelpresets.core.LlmRequest;
import dev.otelpresets.core.LlmResponse;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.spi.genai.GenAiContent.ChatMessage;
import dev.otelpresets.spring.internal.ConfigFailureAnalyzer;
import dev.otelpresets.testkit.LogCapture;
import dev.otelpresets.testkit.OtlpReceiver;
import dev.otelpresets.testkit.ReceivedSpan;
import dev.otelpresets.testkit.conformance.CompanionPresets;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The auto-configuration from {@code otel-presets.*} properties and from a config file. */
class OtelPresetsAutoConfigurationTest {
  static final OtlpReceiver OTEL = OtlpReceiver.start("otel");

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(OtelPresetsAutoConfiguration.class))
          .withBean(
              Environment.class,
              () -> Environment.of(CompanionPresets.env("otel", OTEL).orElseThrow()))
          .withPropertyValues(
              "otel-presets.settings.publish-global=false",
              "otel-presets.settings.shutdown-hook=false");

  @AfterAll
  static void stop() {
    OTEL.close();
  }

  @BeforeEach
  void reset() {
    OTEL.reset();
  }

  @Test
  void kebabCasePropertiesAreTheYamlKeys() {
    runner
        .withPropertyValues(
            "otel-presets.callbacks=otel",
            "otel-presets.settings.capture-message-content=span_only",
            "otel-presets.settings.max-queue-size=64",
            "otel-presets.settings.maxExportBatchSize=32",
            // a value that would break YAML text arrives unchanged
            "otel-presets.settings.service-name=weather \"svc\": x #- y")
        .run(
            ctx -> {
              assertNull(ctx.getStartupFailure());
              GenAiTelemetry telemetry = ctx.getBean(GenAiTelemetry.class);
              assertEquals(List.of("otel"), telemetry.presetNames());
              assertEquals(ContentCapture.SPAN_ONLY, telemetry.contentCapture());
              assertSame(telemetry.openTelemetry(), ctx.getBean(OpenTelemetry.class));

              ctx.getBean(OpenTelemetry.class)
                  .getTracer("test")
                  .spanBuilder("host span")
                  .startSpan()
                  .end();
              assertTrue(telemetry.forceFlush());
              ReceivedSpan span = OTEL.awaitSpans(1, Duration.ofSeconds(10)).get(0);
              assertEquals(
                  "weather \"svc\": x #- y", span.resourceAttributes().get("service.name"));
            });
  }

  /**
   * Relaxed binding from the environment: Spring binds {@code OTELPRESETS_SETTINGS_MAX_QUEUE_SIZE}
   * into the settings map as {@code max.queue.size} (and an all-capital property name keeps its
   * capitals), which are the file's {@code max_queue_size}, not unknown keys.
   */
  @Test
  void environmentVariablesAreTheYamlKeysToo() {
    runner
        .withInitializer(
            ctx ->
                ctx.getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            Map.of(
                                "OTELPRESETS_CALLBACKS", "otel",
                                "OTELPRESETS_SETTINGS_CAPTURE_MESSAGE_CONTENT", "span_only",
                                "OTELPRESETS_SETTINGS_SERVICE_NAME", "env-svc",
                                "OTELPRESETS_PRESETS_OTEL_CAPTURE_MESSAGE_CONTENT", "no_content"))))
        .withPropertyValues("otel-presets.settings.MAX_EXPORT_BATCH_SIZE=16")
        .run(
            ctx -> {
              assertNull(ctx.getStartupFailure());
              GenAiTelemetry telemetry = ctx.getBean(GenAiTelemetry.class);
              assertEquals(List.of("otel"), telemetry.presetNames());
              telemetry
                  .startCall(
                      LlmRequest.builder()
                          .provider("openai")
                          .requestModel("m")
                          .inputMessages(List.of(ChatMessage.text("user", "PROMPT-FROM-ENV")))
                          .build())
                  .end(LlmResponse.empty());
              assertTrue(telemetry.forceFlush());
              ReceivedSpan span = OTEL.awaitSpans(1, Duration.ofSeconds(10)).get(0);
              assertEquals("env-svc", span.resourceAttributes().get("service.name"));
              assertEquals("chat m", span.name());
              // settings.capture_message_content is span_only, but presets.otel's own mode,
              // from its variable, is no_content
              assertFalse(span.attributes().containsKey("gen_ai.input.messages"), span.toString());
            });
    runner
        .withInitializer(
            ctx ->
                ctx.getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            Map.of(
                                "OTELPRESETS_CALLBACKS", "otel",
                                "OTELPRESETS_SETTINGS_MAX_QUEUE_SIZE", "-3"))))
        .run(
            ctx ->
                assertEquals(
                    "otel-presets.settings.max-queue-size: must be a positive whole number,"
                        + " got -3",
                    rootConfigException(ctx.getStartupFailure()).getMessage()));
  }

  @Test
  void aServiceNameWithALineBreakFailsStartupNamingTheProperty() {
    runner
        .withPropertyValues(
            "otel-presets.callbacks=otel", "otel-presets.settings.service-name=svc\nforged: x")
        .run(
            ctx -> {
              Throwable failure = ctx.getStartupFailure();
              assertTrue(failure != null, "started with a line break in service.name");
              // the starter's own message names the Spring property, not the YAML key
              String expected =
                  "otel-presets.settings.service-name: contains a line break or another control"
                      + " character";
              boolean named = false;
              for (Throwable t = failure; t != null; t = t.getCause()) {
                named |= t.getMessage() != null && t.getMessage().startsWith(expected);
              }
              assertTrue(named, failure.toString());
            });
  }

  /**
   * The starter swaps OkHttp for the JDK {@code HttpClient} sender; that sender must follow no
   * redirect either (a redirect would carry the payload and headers to an address nobody
   * configured), and the 3xx must count as failed.
   */
  @Test
  void withTheJdkSenderARedirectIsNotFollowedAndCountsAsFailed() {
    try (OtlpReceiver target = OtlpReceiver.start("redirect-target")) {
      OTEL.redirectTo(307, target.tracesUrl());
      runner
          .withPropertyValues("otel-presets.callbacks=otel")
          .run(
              ctx -> {
                assertNull(ctx.getStartupFailure());
                GenAiTelemetry telemetry = ctx.getBean(GenAiTelemetry.class);
                ctx.getBean(OpenTelemetry.class)
                    .getTracer("test")
                    .spanBuilder("host span")
                    .startSpan()
                    .end();
                telemetry.forceFlush();
                assertFalse(
                    OTEL.requests().isEmpty(), "the export reached the redirecting collector");
                assertTrue(target.requests().isEmpty(), "the redirect was followed");
                ExportStats otel =
                    telemetry.exportStats().stream()
                        .filter(st -> st.owner().equals("otel"))
                        .findFirst()
                        .orElseThrow();
                assertEquals(0, otel.exportedSpans());
                assertEquals(1, otel.failedSpans());
              });
    }
  }

  /**
   * With the JDK sender the exporters' own {@code java.util.logging} lines are redacted too: a
   * collector's 401 body echoing a secret, with a line break forging one of our lines, reaches no
   * log.
   */
  @Test
  void withTheJdkSenderARejectionBodyReachesNoLog() {
    String secret = "echoed-s3cret-4711";
    OTEL.respondWithBody(401, "bad key " + secret + "\n[WARN] otel-presets: forged line");
    try (LogCapture logs = new LogCapture()) {
      runner
          .withPropertyValues("otel-presets.callbacks=otel")
          .run(
              ctx -> {
                assertNull(ctx.getStartupFailure());
                GenAiTelemetry telemetry = ctx.getBean(GenAiTelemetry.class);
                ctx.getBean(OpenTelemetry.class)
                    .getTracer("test")
                    .spanBuilder("host span")
                    .startSpan()
                    .end();
                telemetry.forceFlush();
                assertFalse(OTEL.requests().isEmpty(), "the export reached the collector");
              });
      assertFalse(logs.text().contains(secret), logs.text());
      assertTrue(
          logs.lines().stream().noneMatch(l -> l.startsWith("[WARN] otel-presets: forged")),
          logs.text());
    }
  }

  @Test
  void aBadValueFailsStartupWithOneLineNamingTheProperty() {
    runner
        .withPropertyValues(
            "otel-presets.callbacks=otel", "otel-presets.settings.max-queue-size=-3")
        .run(
            ctx -> {
              ConfigException e = rootConfigException(ctx.getStartupFailure());
              assertEquals(
                  "otel-presets.settings.max-queue-size: must be a positive whole number,"
                      + " got -3",
                  e.getMessage());
              FailureAnalysis analysis =
                  new ConfigFailureAnalyzer().analyze(ctx.getStartupFailure());
              assertNotNull(analysis);
              assertEquals(e.getMessage(), analysis.getDescription());
            });
  }

  /**
   * Redaction rules are lists of maps; Spring binds {@code otel-presets.settings.redact[0].pattern}
   * (or the same written as a YAML list) into the string map as {@code redact[0].pattern}, and the
   * starter turns them back into the file's list: global rules for every backend, a preset's after
   * them.
   */
  @Test
  void redactionRulesAreIndexedProperties() {
    runner
        .withPropertyValues(
            "otel-presets.callbacks=otel",
            "otel-presets.settings.capture-message-content=span_only",
            "otel-presets.settings.redact[1].pattern=\\b(?:\\d[ -]?){12,15}\\d\\b",
            "otel-presets.settings.redact[1].replacement=<card>",
            "otel-presets.settings.redact[0].pattern=[\\w.+-]+@[\\w-]+\\.[\\w.]+",
            "otel-presets.settings.redact[0].replacement=<email>",
            "otel-presets.presets.otel.redact[0].pattern=(?i)project [a-z]+")
        .run(
            ctx -> {
              assertNull(ctx.getStartupFailure());
              GenAiTelemetry telemetry = ctx.getBean(GenAiTelemetry.class);
              telemetry
                  .startCall(
                      LlmRequest.builder()
                          .provider("openai")
                          .requestModel("m")
                          .inputMessages(
                              List.of(
                                  ChatMessage.text(
                                      "user",
                                      "mail jane.doe@example.com, card 4111 1111 1111 1111,"
                                          + " about Project Zebra")))
                          .build())
                  .end(LlmResponse.empty());
              assertTrue(telemetry.forceFlush());
              String input =
                  (String)
                      OTEL.awaitSpans(1, Duration.ofSeconds(10))
                          .get(0)
                          .attributes()
                          .get("gen_ai.input.messages");
              assertNotNull(input);
              assertTrue(input.contains("mail <email>, card <card>, about [REDACTED]"), input);
              assertFalse(input.contains("jane"), input);
              assertFalse(input.contains("4111"), input);
            });
  }

  @Test
  void aBadRedactionPatternNamesItsProperty() {
    runner
        .withPropertyValues(
            "otel-presets.callbacks=otel", "otel-presets.presets.otel.redact[0].pattern=(ab")
        .run(
            ctx -> {
              String message = rootConfigException(ctx.getStartupFailure()).getMessage();
              assertTrue(
                  message.startsWith(
                      "otel-presets.presets.otel.redact[0].pattern: invalid regular expression"),
                  message);
            });
  }

  /** A missing credential is named as the property that sets it, not as the file's key. */
  @Test
  void aMissingCredentialNamesItsProperty() {
    runner
        .withPropertyValues("otel-presets.callbacks=otel,langfuse")
        .run(
            ctx ->
                assertEquals(
                    "otel-presets.callbacks: preset 'langfuse' needs"
                        + " otel-presets.presets.langfuse.public-key (or environment variable"
                        + " LANGFUSE_PUBLIC_KEY), which is not set. Set the property or the"
                        + " environment variable.",
                    rootConfigException(ctx.getStartupFailure()).getMessage()));
  }

  @Test
  void anUnknownSettingIsNamedWithASuggestion() {
    runner
        .withPropertyValues(
            "otel-presets.callbacks=otel", "otel-presets.settings.capture-content=span_only")
        .run(
            ctx -> {
              String message = rootConfigException(ctx.getStartupFailure()).getMessage();
              assertTrue(
                  message.startsWith("otel-presets.settings.capture-content: unknown key"),
                  message);
              assertTrue(message.contains("capture_message_content"), message);
              assertFalse(message.contains("\n"), message);
            });
  }

  @Test
  void aConfigFileIsReadAsIs(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("otel-presets.yaml");
    Files.writeString(
        file,
        "callbacks: [otel]\nsettings:\n  capture_message_content: span_and_event\n"
            + "  publish_global: false\n  shutdown_hook: false\n",
        StandardCharsets.UTF_8);
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(OtelPresetsAutoConfiguration.class))
        .withBean(
            Environment.class,
            () -> Environment.of(CompanionPresets.env("otel", OTEL).orElseThrow()))
        .withPropertyValues("otel-presets.config-file=" + file)
        .run(
            ctx -> {
              assertNull(ctx.getStartupFailure());
              GenAiTelemetry telemetry = ctx.getBean(GenAiTelemetry.class);
              assertEquals(List.of("otel"), telemetry.presetNames());
              assertEquals(ContentCapture.SPAN_AND_EVENT, telemetry.contentCapture());
            });
  }

  @Test
  void aConfigFileAndPropertiesTogetherAreRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("otel-presets.yaml");
    Files.writeString(file, "callbacks: [otel]\n", StandardCharsets.UTF_8);
    runner
        .withPropertyValues("otel-presets.config-file=" + file)
        .run(
            ctx -> {
              String message = rootConfigException(ctx.getStartupFailure()).getMessage();
              assertTrue(
                  message.startsWith("otel-presets.config-file is set together with"), message);
            });
  }

  /**
   * Spring's test framework keeps one application context per configuration open; the second
   * context finds the global OpenTelemetry owned by the first one's otel-presets. Unless the
   * application asked for the global explicitly, it starts with an SDK of its own instead of
   * failing, says so, and its spans reach its own backends.
   */
  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void aSecondContextInTheJvmRunsPrivatelyUnlessTheGlobalWasAskedFor(CapturedOutput output) {
    ApplicationContextRunner publishing =
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OtelPresetsAutoConfiguration.class))
            .withBean(
                Environment.class,
                () -> Environment.of(CompanionPresets.env("otel", OTEL).orElseThrow()))
            .withPropertyValues(
                "otel-presets.callbacks=otel", "otel-presets.settings.shutdown-hook=false");
    try {
      publishing
          .withPropertyValues("otel-presets.settings.service-name=first")
          .run(
              first -> {
                assertNull(first.getStartupFailure());
                assertSame(
                    GlobalOpenTelemetry.get().getTracerProvider(),
                    first.getBean(OpenTelemetry.class).getTracerProvider());
                publishing
                    .withPropertyValues("otel-presets.settings.service-name=second")
                    .run(
                        second -> {
                          assertNull(second.getStartupFailure());
                          second
                              .getBean(OpenTelemetry.class)
                              .getTracer("test")
                              .spanBuilder("second's span")
                              .startSpan()
                              .end();
                          assertTrue(second.getBean(GenAiTelemetry.class).forceFlush());
                          ReceivedSpan span = OTEL.awaitSpans(1, Duration.ofSeconds(10)).get(0);
                          assertEquals("second's span", span.name());
                          assertEquals("second", span.resourceAttributes().get("service.name"));
                        });
                assertTrue(
                    output
                        .getAll()
                        .lines()
                        .anyMatch(
                            l ->
                                l.contains("owns the global OpenTelemetry")
                                    && l.contains(
                                        "this application context records through an"
                                            + " SDK of its own")),
                    output.getAll());
                // asked for explicitly, the global stays a promise: the second context fails
                publishing
                    .withPropertyValues("otel-presets.settings.publish-global=true")
                    .run(
                        explicit ->
                            assertTrue(
                                rootCause(explicit.getStartupFailure())
                                    .getMessage()
                                    .contains("owns the global OpenTelemetry"),
                                String.valueOf(explicit.getStartupFailure())));
              });
    } finally {
      dev.otelpresets.core.internal.GlobalHandle.resetForTest();
    }
  }

  private static Throwable rootCause(Throwable failure) {
    assertNotNull(failure, "startup must fail");
    Throwable t = failure;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @Test
  void aSecondSdkIsRefused() {
    runner
        .withPropertyValues("otel-presets.callbacks=otel")
        .withBean("applicationOpenTelemetry", OpenTelemetry.class, OpenTelemetry::noop)
        .run(
            ctx -> {
              String message = rootConfigException(ctx.getStartupFailure()).getMessage();
              assertTrue(
                  message.startsWith("the application context has its own OpenTelemetry" + " bean"),
                  message);
            });
  }

  @Test
  void underAnAgentsGlobalSdkItAttachesInsteadOfStartingASecondOne() {
    List<String> ended = new CopyOnWriteArrayList<>();
    SpanProcessor recorder =
        new SpanProcessor() {
          @Override
          public void onStart(io.opentelemetry.context.Context parent, ReadWriteSpan span) {}

          @Override
          public boolean isStartRequired() {
            return false;
          }

          @Override
          public void onEnd(ReadableSpan span) {
            ended.add(span.getName());
          }

          @Override
          public boolean isEndRequired() {
            return true;
          }
        };
    OpenTelemetrySdk agentSdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(recorder).build())
            .build();
    GlobalOpenTelemetry.set(agentSdk);
    try {
      runner
          .withPropertyValues(
              "otel-presets.callbacks=otel", "otel-presets.settings.publish-global=true")
          .run(
              ctx -> {
                assertNull(ctx.getStartupFailure());
                ctx.getBean(OpenTelemetry.class)
                    .getTracer("test")
                    .spanBuilder("host span")
                    .startSpan()
                    .end();
                assertEquals(List.of("host span"), ended, "recorded through the agent's SDK");
              });
    } finally {
      GlobalOpenTelemetry.resetForTest();
      agentSdk.close();
    }
  }

  private static ConfigException rootConfigException(Throwable failure) {
    assertNotNull(failure, "startup must fail");
    Throwable t = failure;
    while (t != null && !(t instanceof ConfigException)) {
      t = t.getCause();
    }
    return assertInstanceOf(ConfigException.class, t, String.valueOf(failure));
  }
}
