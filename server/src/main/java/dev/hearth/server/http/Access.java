package dev.hearth.server.http;

import io.javalin.security.RouteRole;

/** Who may call a route at all; finer role checks happen in the domain code. */
public enum Access implements RouteRole {
    /** Health checks only. */
    PUBLIC,
    /** Any valid API key. */
    AUTHENTICATED
}
