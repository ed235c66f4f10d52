package dev.otelpresets.testkit;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/** The two places where OTLP/JSON differs from the canonical protobuf JSON mapping. */
final class OtlpJson {

  /**
   * OTLP/JSON writes these bytes fields as hex where the canonical mapping expects base64. The hex
   * lengths (32 and 16) never equal the base64 lengths of the same ids (24 and 12), so a sender that
   * already used base64 is left alone.
   */
  private static final Map<String, Integer> HEX_ID_LENGTHS =
      Map.of(
          "traceId",
          32,
          "trace_id",
          32,
          "spanId",
          16,
          "span_id",
          16,
          "parentSpanId",
          16,
          "parent_span_id",
          16);

  private OtlpJson() {}

  /**
   * Rewrites every hex-encoded id field into base64 so that {@link JsonFormat} decodes the same
   * bytes the sender meant.
   *
   * @throws InvalidProtocolBufferException when {@code json} is not JSON at all
   */
  static String hexIdsToBase64(String json) throws InvalidProtocolBufferException {
    JsonElement root;
    try {
      root = JsonParser.parseString(json);
    } catch (JsonParseException e) {
      throw new InvalidProtocolBufferException("not valid JSON: " + e.getMessage());
    }
    rewriteIds(root);
    return root.toString();
  }

  /** Prints {@code message} in the canonical JSON mapping (only used for empty responses). */
  static String print(MessageOrBuilder message) {
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getClass().getSimpleName(), e);
    }
  }

  private static void rewriteIds(JsonElement element) {
    if (element.isJsonArray()) {
      JsonArray array = element.getAsJsonArray();
      array.forEach(OtlpJson::rewriteIds);
    } else if (element.isJsonObject()) {
      JsonObject object = element.getAsJsonObject();
      for (Map.Entry<String, JsonElement> field : object.entrySet()) {
        JsonElement value = field.getValue();
        Integer hexLength = HEX_ID_LENGTHS.get(field.getKey());
        if (hexLength != null && isHex(value, hexLength)) {
          byte[] id = HexFormat.of().parseHex(value.getAsString());
          field.setValue(new JsonPrimitive(Base64.getEncoder().encodeToString(id)));
        } else {
          rewriteIds(value);
        }
      }
    }
  }

  private static boolean isHex(JsonElement value, int length) {
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      return false;
    }
    String text = value.getAsString();
    return text.length() == length && text.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }
}
