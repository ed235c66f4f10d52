package dev.otelpresets.testkit;

import io.grpc.Status;

/** Translates the HTTP status a test configured into the gRPC status a collector would send. */
final class GrpcStatuses {

  private GrpcStatuses() {}

  static Status forHttpStatus(int httpStatus) {
    if (ResponseBehaviour.isSuccess(httpStatus)) {
      return Status.OK;
    }
    switch (httpStatus) {
      case 400:
        return Status.INVALID_ARGUMENT;
      case 401:
        return Status.UNAUTHENTICATED;
      case 403:
        return Status.PERMISSION_DENIED;
      case 404:
        return Status.UNIMPLEMENTED;
      case 429:
        return Status.RESOURCE_EXHAUSTED;
      case 502:
      case 503:
      case 504:
        return Status.UNAVAILABLE;
      default:
        return Status.INTERNAL;
    }
  }
}
