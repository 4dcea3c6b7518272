package dev.hearth.server.http;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * Every endpoint the server has, in one list: installed into Javalin, walked by the auth test and
 * compared with the OpenAPI document. Routes are authenticated unless registered as {@link Access#PUBLIC}.
 */
public final class RouteTable {
    private final List<Route> routes = new ArrayList<>();

    public RouteTable get(String path, String summary, Handler handler) {
        return add(HandlerType.GET, path, Access.AUTHENTICATED, summary, handler);
    }

    public RouteTable post(String path, String summary, Handler handler) {
        return add(HandlerType.POST, path, Access.AUTHENTICATED, summary, handler);
    }

    public RouteTable patch(String path, String summary, Handler handler) {
        return add(HandlerType.PATCH, path, Access.AUTHENTICATED, summary, handler);
    }

    public RouteTable delete(String path, String summary, Handler handler) {
        return add(HandlerType.DELETE, path, Access.AUTHENTICATED, summary, handler);
    }

    /** A GET any key may call on any account's path; the handler must hide other accounts' private resources. */
    public RouteTable sharedGet(String path, String summary, Handler handler) {
        return add(HandlerType.GET, path, Access.SHARED_READ, summary, handler);
    }

    public RouteTable signed(HandlerType method, String path, String summary, Handler handler) {
        return add(method, path, Access.SIGNED, summary, handler);
    }

    public RouteTable publicGet(String path, String summary, Handler handler) {
        return add(HandlerType.GET, path, Access.PUBLIC, summary, handler);
    }

    public RouteTable add(HandlerType method, String path, Access access, String summary, Handler handler) {
        for (Route existing : routes) {
            if (existing.method() == method && existing.path().equals(path)) {
                throw new IllegalStateException("route registered twice: " + method + " " + path);
            }
        }
        routes.add(new Route(method, path, access, summary, handler));
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public void install(Javalin app) {
        for (Route route : routes) {
            app.addHttpHandler(route.method(), route.path(), route.handler(), route.access());
        }
    }
}
