package dev.otelpresets.testkit;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns OTLP {@link AnyValue}s into plain Java values that read well in assertions. */
final class AnyValues {

  private AnyValues() {}

  /**
   * Decodes attributes in wire order. Values are String, Long, Double, Boolean, byte[],
   * List&lt;Object&gt; (arrays), Map&lt;String, Object&gt; (key-value lists) or null (empty value).
   */
  static Map<String, Object> toMap(List<KeyValue> keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue keyValue : keyValues) {
      map.put(keyValue.getKey(), toJava(keyValue.getValue()));
    }
    // unmodifiableMap rather than Map.copyOf: keeps the order and allows empty (null) values
    return Collections.unmodifiableMap(map);
  }

  static Object toJava(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case BOOL_VALUE:
        return value.getBoolValue();
      case INT_VALUE:
        return value.getIntValue();
      case DOUBLE_VALUE:
        return value.getDoubleValue();
      case BYTES_VALUE:
        return value.getBytesValue().toByteArray();
      case ARRAY_VALUE:
        List<Object> list = new ArrayList<>();
        value.getArrayValue().getValuesList().forEach(element -> list.add(toJava(element)));
        return Collections.unmodifiableList(list);
      case KVLIST_VALUE:
        return toMap(value.getKvlistValue().getValuesList());
      default:
        return null;
    }
  }
}
