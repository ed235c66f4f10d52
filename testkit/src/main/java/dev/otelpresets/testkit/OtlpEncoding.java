package dev.otelpresets.testkit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** The two OTLP/HTTP body encodings. */
enum OtlpEncoding {
  PROTOBUF("application/x-protobuf", "http/protobuf") {
    @Override
    Message parse(byte[] body, Message.Builder builder) throws InvalidProtocolBufferException {
      return builder.mergeFrom(body).build();
    }

    @Override
    byte[] serialize(Message message) {
      return message.toByteArray();
    }
  },
  JSON("application/json", "http/json") {
    @Override
    Message parse(byte[] body, Message.Builder builder) throws InvalidProtocolBufferException {
      String json = OtlpJson.hexIdsToBase64(new String(body, StandardCharsets.UTF_8));
      JsonFormat.parser().ignoringUnknownFields().merge(json, builder);
      return builder.build();
    }

    @Override
    byte[] serialize(Message message) {
      return OtlpJson.print(message).getBytes(StandardCharsets.UTF_8);
    }
  };

  private final String contentType;
  private final String transport;

  OtlpEncoding(String contentType, String transport) {
    this.contentType = contentType;
    this.transport = transport;
  }

  /** Matches the media type and ignores parameters such as {@code ; charset=utf-8}. */
  static Optional<OtlpEncoding> forContentType(String contentTypeHeader) {
    if (contentTypeHeader == null) {
      return Optional.empty();
    }
    String mediaType = contentTypeHeader.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    for (OtlpEncoding encoding : values()) {
      if (encoding.contentType.equals(mediaType)) {
        return Optional.of(encoding);
      }
    }
    return Optional.empty();
  }

  String contentType() {
    return contentType;
  }

  /** The value of {@link ReceivedRequest#transport()}. */
  String transport() {
    return transport;
  }

  /**
   * Parses {@code body} into {@code builder}.
   *
   * @throws InvalidProtocolBufferException when the body is not a valid message of that type
   */
  abstract Message parse(byte[] body, Message.Builder builder)
      throws InvalidProtocolBufferException;

  abstract byte[] serialize(Message message);
}
