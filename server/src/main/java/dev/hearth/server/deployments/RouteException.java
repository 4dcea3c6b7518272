package dev.hearth.server.deployments;

/** Why a request to a deployment cannot be served now; the gateway turns it into an OpenAI-shaped error. */
public final class RouteException extends RuntimeException {
    private final int status;
    private final String code;

    RouteException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The documented answer for a deployment at zero replicas; the request has triggered the scale-up. */
    static RouteException scalingUp() {
        return new RouteException(503, "DEPLOYMENT_SCALING_UP",
                "Deployment is currently scaled to zero and is scaling up. Please retry your request in a few minutes.");
    }
}
