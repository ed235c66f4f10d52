package dev.otelpresets.presets.weave;

import dev.otelpresets.spi.ExporterSpec;
import dev.otelpresets.support.internal.AuthHeaders;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A W&B project id {@code entity/project} and what it routes: the auth and {@code project_id}
 * headers and the {@code wandb.entity} / {@code wandb.project} resource attributes.
 *
 * <p>Headers: Weave's current docs authenticate with {@code wandb-api-key: <key>} and route by the
 * resource attributes; its earlier docs use {@code Authorization: Basic base64("api:" + key)} plus a
 * {@code project_id: entity/project} header. Both are sent so either generation of the endpoint
 * accepts the spans.
 *
 * @param entity the team or user
 * @param project the project
 */
record WeaveProject(String entity, String project) {
  static final AttributeKey<String> ENTITY = AttributeKey.stringKey("wandb.entity");
  static final AttributeKey<String> PROJECT = AttributeKey.stringKey("wandb.project");
  static final String PROJECT_ID_HEADER = "project_id";
  static final String API_KEY_HEADER = "wandb-api-key";
  private static final Pattern SHAPE = Pattern.compile("([^/\\s]+)/([^/\\s]+)");

  /** Parses {@code entity/project}; empty when the shape is wrong. */
  static Optional<WeaveProject> parse(String id) {
    Matcher m = SHAPE.matcher(id == null ? "" : id.trim());
    return m.matches() ? Optional.of(new WeaveProject(m.group(1), m.group(2))) : Optional.empty();
  }

  String id() {
    return entity + "/" + project;
  }

  Attributes resource() {
    return Attributes.of(ENTITY, entity, PROJECT, project);
  }

  /** Sets (or replaces) the auth and routing headers. */
  ExporterSpec.Builder applyHeaders(ExporterSpec.Builder b, String apiKey) {
    return b.secretHeader(AuthHeaders.AUTHORIZATION, AuthHeaders.basic("api", apiKey))
        .secretHeader(API_KEY_HEADER, apiKey)
        .header(PROJECT_ID_HEADER, id());
  }
}
