package dev.hearth.server.http;

import io.javalin.security.RouteRole;

/** Who may call a route at all; finer role checks happen in the domain code. */
public enum Access implements RouteRole {
    /** Health checks only. */
    PUBLIC,
    /** Any valid API key, on its own account's paths. */
    AUTHENTICATED,
    /** Any valid API key, on any account's path: the domain code shows only public resources of other accounts. */
    SHARED_READ,
    /** No API key: the URL carries a signature that authorizes one method on one path until it expires. */
    SIGNED
}
