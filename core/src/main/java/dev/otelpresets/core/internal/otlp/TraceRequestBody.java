package dev.otelpresets.core.internal.otlp;

import io.opentelemetry.exporter.internal.marshal.MarshalerUtil;
import io.opentelemetry.exporter.internal.marshal.MarshalerWithSize;
import io.opentelemetry.exporter.internal.marshal.Serializer;
import io.opentelemetry.exporter.internal.otlp.InstrumentationScopeMarshaler;
import io.opentelemetry.exporter.internal.otlp.ResourceMarshaler;
import io.opentelemetry.proto.collector.trace.v1.internal.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.internal.ResourceSpans;
import io.opentelemetry.proto.trace.v1.internal.ScopeSpans;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An OTLP {@code ExportTraceServiceRequest} written from spans already serialized: grouped by
 * resource and scope as the SDK groups them (its own grouping function), each group's resource and
 * scope written by the SDK's marshalers, each span's bytes copied as they are. Its size is known
 * before writing, from the bytes. Protobuf only (the bytes are not JSON). Immutable: the sender may
 * write it more than once (retries).
 */
final class TraceRequestBody extends MarshalerWithSize {
  private final List<ResourceGroup> resources;

  private TraceRequestBody(List<ResourceGroup> resources) {
    super(MarshalerUtil.sizeRepeatedMessage(ExportTraceServiceRequest.RESOURCE_SPANS, resources));
    this.resources = resources;
  }

  static TraceRequestBody of(Collection<SpanRecord> spans) {
    Map<Resource, Map<InstrumentationScopeInfo, List<SpanRecord>>> grouped =
        MarshalerUtil.groupByResourceAndScope(
            spans,
            SpanRecord::getResource,
            SpanRecord::getInstrumentationScopeInfo,
            Function.identity());
    List<ResourceGroup> resources = new ArrayList<>(grouped.size());
    grouped.forEach(
        (resource, scopes) -> {
          List<ScopeGroup> groups = new ArrayList<>(scopes.size());
          scopes.forEach((scope, records) -> groups.add(new ScopeGroup(scope, records)));
          resources.add(new ResourceGroup(resource, groups));
        });
    return new TraceRequestBody(resources);
  }

  /**
   * What a resource and a scope add to a request around their spans, at most (the size bound's
   * share of a request that is not span bytes).
   */
  static int overhead(Resource resource, InstrumentationScopeInfo scope) {
    ScopeGroup s = new ScopeGroup(scope, List.of());
    ResourceGroup r = new ResourceGroup(resource, List.of(s));
    // tags and lengths of the two enclosing messages, at their widest (5-byte lengths)
    return r.getBinarySerializedSize() + 2 * (1 + 5);
  }

  @Override
  protected void writeTo(Serializer output) throws IOException {
    output.serializeRepeatedMessage(ExportTraceServiceRequest.RESOURCE_SPANS, resources);
  }

  private static final class ResourceGroup extends MarshalerWithSize {
    private final ResourceMarshaler resource;
    private final byte[] schemaUrl;
    private final List<ScopeGroup> scopes;

    ResourceGroup(Resource resource, List<ScopeGroup> scopes) {
      this(
          ResourceMarshaler.create(resource),
          MarshalerUtil.toBytes(resource.getSchemaUrl()),
          scopes);
    }

    private ResourceGroup(ResourceMarshaler resource, byte[] schemaUrl, List<ScopeGroup> scopes) {
      super(
          MarshalerUtil.sizeMessage(ResourceSpans.RESOURCE, resource)
              + MarshalerUtil.sizeRepeatedMessage(ResourceSpans.SCOPE_SPANS, scopes)
              + MarshalerUtil.sizeBytes(ResourceSpans.SCHEMA_URL, schemaUrl));
      this.resource = resource;
      this.schemaUrl = schemaUrl;
      this.scopes = scopes;
    }

    @Override
    protected void writeTo(Serializer output) throws IOException {
      output.serializeMessage(ResourceSpans.RESOURCE, resource);
      output.serializeRepeatedMessage(ResourceSpans.SCOPE_SPANS, scopes);
      output.serializeString(ResourceSpans.SCHEMA_URL, schemaUrl);
    }
  }

  private static final class ScopeGroup extends MarshalerWithSize {
    private final InstrumentationScopeMarshaler scope;
    private final byte[] schemaUrl;
    private final List<SpanRecord> records;

    ScopeGroup(InstrumentationScopeInfo scope, List<SpanRecord> records) {
      this(
          InstrumentationScopeMarshaler.create(scope),
          MarshalerUtil.toBytes(scope.getSchemaUrl()),
          records);
    }

    private ScopeGroup(
        InstrumentationScopeMarshaler scope, byte[] schemaUrl, List<SpanRecord> records) {
      super(
          MarshalerUtil.sizeMessage(ScopeSpans.SCOPE, scope)
              + recordBytes(records)
              + MarshalerUtil.sizeBytes(ScopeSpans.SCHEMA_URL, schemaUrl));
      this.scope = scope;
      this.schemaUrl = schemaUrl;
      this.records = records;
    }

    private static int recordBytes(List<SpanRecord> records) {
      int size = 0;
      for (SpanRecord r : records) {
        size += r.size();
      }
      return size;
    }

    @Override
    protected void writeTo(Serializer output) throws IOException {
      output.serializeMessage(ScopeSpans.SCOPE, scope);
      for (SpanRecord r : records) {
        output.writeSerializedMessage(r.bytes(), "");
      }
      output.serializeString(ScopeSpans.SCHEMA_URL, schemaUrl);
    }
  }
}
