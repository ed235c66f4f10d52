/**
 * An embedded OTLP receiver for tests: {@link dev.otelpresets.testkit.OtlpReceiver} accepts
 * OTLP/HTTP (protobuf and JSON) and OTLP/gRPC on loopback and records what arrived as {@link
 * dev.otelpresets.testkit.ReceivedRequest}, {@link dev.otelpresets.testkit.ReceivedSpan} and {@link
 * dev.otelpresets.testkit.ReceivedMetric}.
 */
package dev.otelpresets.testkit;
