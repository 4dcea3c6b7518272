package dev.hearth.api;

/** Mimics google.rpc.Status on resources: {@code code} is a gateway code name such as {@code OK}. */
public record Status(String code, String message) {
    public static final Status OK = new Status("OK", null);
}
