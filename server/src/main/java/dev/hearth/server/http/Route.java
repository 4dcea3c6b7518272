package dev.hearth.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One registered endpoint: method, Javalin path, who may call it, and a summary for the OpenAPI document. */
public record Route(HandlerType method, String path, Access access, String summary, Handler handler) {}
