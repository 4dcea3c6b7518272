package dev.hearth.api;

import java.util.List;

/** Control-plane error body in the grpc-gateway shape: numeric gRPC code, message, details. */
public record ErrorBody(int code, String message, List<Object> details) {}
