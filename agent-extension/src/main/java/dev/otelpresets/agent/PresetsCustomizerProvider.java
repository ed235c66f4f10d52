package dev.otelpresets.agent;

import dev.otelpresets.core.ContentCapture;
import dev.otelpresets.core.Environment;
import dev.otelpresets.core.autoconfigure.PresetsAutoConfiguration;
import dev.otelpresets.core.config.ConfigException;
import dev.otelpresets.core.config.ConfigLoader;
import dev.otelpresets.core.internal.ContentAttributes;
import dev.otelpresets.core.internal.PipelineHooks;
import dev.otelpresets.core.internal.TraceScopedAttributes;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.logs.SdkLoggerProviderBuilder;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugs the presets into an SDK built by OpenTelemetry autoconfigure: the Java agent's (this
 * module's {@code -agent} jar passed as {@code -Dotel.javaagent.extensions=...}) or an
 * application's own {@code AutoConfiguredOpenTelemetrySdk} (this module's plain jar on the
 * classpath). Reads {@code otel.presets.callbacks} and {@code otel.presets.config} from the SDK's
 * configuration properties (system properties or {@code OTEL_PRESETS_*} environment variables)
 * and installs the one export pipeline (the same as the library's, built by the same Guice root)
 * into the tracer provider. Without callbacks it adds nothing.
 *
 * <p>With presets it also: joins the agent's GenAI log events to their spans for the presets when
 * content capture allows it ({@link GenAiEventJoin}, a log processor that only reads); binds
 * requests marked with {@code otelpresets.tenant} and the identity keys ({@link RequestMarkers})
 * to the tenants of {@code tenants.credentials}; and keeps those markers away from the SDK's own
 * span exporters ({@link MarkerStrippingSpanExporter}).
 */
public final class PresetsCustomizerProvider implements AutoConfigurationCustomizerProvider {
  private static final Logger log = LoggerFactory.getLogger(PresetsCustomizerProvider.class);

  /** The normalisation stage's name in chain descriptions. */
  static final String NORMALIZE_STAGE = "normalize-genai-keys";

  /** The agent's own switch for recording message content in its GenAI events. */
  static final String AGENT_CAPTURE_PROPERTY = "otel.instrumentation.genai.capture-message-content";

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    Assembly assembly = new Assembly();
    customizer.addTracerProviderCustomizer(assembly::addPresets);
    customizer.addLoggerProviderCustomizer(assembly::addEventJoin);
    customizer.addSpanExporterCustomizer(assembly::stripMarkers);
  }

  /**
   * One SDK's presets: resolved once, by whichever customizer autoconfigure calls first, and
   * shared by the tracer and the logger provider.
   */
  static final class Assembly {
    private PresetsAutoConfiguration presets;
    private GenAiEventJoin join;
    private boolean resolved;

    synchronized void resolve(ConfigProperties props) {
      if (resolved) {
        return;
      }
      try {
        presets =
            PresetsAutoConfiguration.resolve(
                props, PresetsCustomizerProvider.class.getClassLoader(), Environment.system());
      } catch (ConfigException e) {
        throw new ConfigurationException("otel-presets: " + e.getMessage(), e);
      }
      if (!presets.presetNames().isEmpty()) {
        ContentCapture capture = contentCapture(presets, props);
        if (capture.onSpan()) {
          join = new GenAiEventJoin(new ContentAttributes(maxValueLength(presets, props)));
          if (!props.getBoolean(AGENT_CAPTURE_PROPERTY, false)) {
            log.info(
                "otel-presets: settings.capture_message_content is {} but {} is not true:"
                    + " the agent's GenAI events carry no message content to join to the spans",
                capture.value(),
                AGENT_CAPTURE_PROPERTY);
          }
        }
      }
      resolved = true;
    }

    SdkTracerProviderBuilder addPresets(SdkTracerProviderBuilder builder, ConfigProperties props) {
      resolve(props);
      if (presets.presetNames().isEmpty()) {
        return builder;
      }
      // the agent's own trace-scoped tracker: the pipeline's binds tenants given by id, this one
      // the marks a request carries (identity and tenant), before the pipeline's hand-off
      RequestMarkers markers =
          new RequestMarkers(
              new TraceScopedAttributes(), presets.config().tenants(), presets.config().source());
      return presets.addSpanProcessors(builder, props, hooks(markers, join));
    }

    SdkLoggerProviderBuilder addEventJoin(
        SdkLoggerProviderBuilder builder, ConfigProperties props) {
      resolve(props);
      return join == null ? builder : builder.addLogRecordProcessor(join);
    }

    /** The SDK's own span exporters: without markers once presets are in use. */
    SpanExporter stripMarkers(SpanExporter exporter, ConfigProperties props) {
      resolve(props);
      return presets.presetNames().isEmpty() ? exporter : new MarkerStrippingSpanExporter(exporter);
    }
  }

  /**
   * {@code settings.capture_message_content}, else the agent's own switch ({@code true} is {@code
   * span_only}), else none.
   */
  static ContentCapture contentCapture(PresetsAutoConfiguration presets, ConfigProperties props) {
    if (presets.config().contentCapture().isPresent()) {
      return presets.config().contentCapture().get();
    }
    String agent = props.getString(AGENT_CAPTURE_PROPERTY);
    if (agent == null || agent.isBlank()) {
      return ContentCapture.NO_CONTENT;
    }
    try {
      return ContentCapture.parse(agent);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          "otel-presets: property "
              + AGENT_CAPTURE_PROPERTY
              + " (env OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT): "
              + e.getMessage());
    }
  }

  /**
   * The longest content value: {@code settings.max_attribute_value_length}, else the SDK's span
   * attribute value length limit, else the framework's default.
   */
  static int maxValueLength(PresetsAutoConfiguration presets, ConfigProperties props) {
    if (presets.config().maxAttributeValueLength().isPresent()) {
      return presets.config().maxAttributeValueLength().get();
    }
    int general =
        props.getInt(
            "otel.attribute.value.length.limit", ConfigLoader.DEFAULT_ATTRIBUTE_VALUE_LENGTH);
    int limit = props.getInt("otel.span.attribute.value.length.limit", general);
    return limit > 0 ? limit : ConfigLoader.DEFAULT_ATTRIBUTE_VALUE_LENGTH;
  }

  /**
   * What the agent adds to the one pipeline: the request marks read as spans start and end, each
   * ended span prepared (its GenAI events joined, its tenant resolved) before the fan-out, and
   * older GenAI keys normalised before each owner's mapping.
   */
  static PipelineHooks hooks(RequestMarkers markers, GenAiEventJoin join) {
    return PipelineHooks.builder()
        .addProcessor(new AgentSpanFeed(markers))
        .endedSpanTransform(span -> new PreparedSpan(span, join, markers, System.nanoTime()))
        .stageBeforeMapping(NORMALIZE_STAGE, GenAiSpanNormalizer::normalize)
        .build();
  }

  @Override
  public int order() {
    // after customizers that might add span processors the presets' spans should see first
    return 1000;
  }
}
