package dev.hearth.server.deployments;

import dev.hearth.api.DeployedModel;
import dev.hearth.api.Deployment;
import dev.hearth.api.Json;
import dev.hearth.server.auth.Auth;
import dev.hearth.server.http.ApiError;
import dev.hearth.server.http.Bodies;
import dev.hearth.server.http.Requests;
import dev.hearth.server.http.Responses;
import dev.hearth.server.http.RouteTable;
import dev.hearth.server.resource.Times;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/** {@code /v1/accounts/{account_id}/deployments}, {@code .../deployedModels} and the read-only {@code .../deploymentShapes}. */
public final class DeploymentRoutes {
    private DeploymentRoutes() {}

    record Empty() {}

    public static void register(RouteTable routes, Deployments deployments) {
        String collection = "/v1/accounts/{account_id}/deployments";
        String item = collection + "/{deployment_id}";
        routes.post(collection, "Create deployment", ctx -> {
            Deployment body = Bodies.read(ctx, Deployment.class);
            DeploymentRow row = deployments.create(Auth.principal(ctx), Requests.query(ctx, "deploymentId"), body,
                    flag(ctx, "validateOnly"), flag(ctx, "disableAutoDeploy"));
            Responses.resource(ctx, row.toWire(), Deployments.ALL_FIELDS);
        });
        // Custom verbs first: Javalin takes the first matching route, and {deployment_id} alone would match "id:verb".
        routes.post(item + ":undelete", "Undelete deployment", ctx -> {
            if (!ctx.body().isBlank()) {
                Bodies.read(ctx, Empty.class);
            }
            Responses.resource(ctx, deployments.undelete(Auth.principal(ctx), ctx.pathParam("deployment_id")).toWire(),
                    Deployments.ALL_FIELDS);
        });
        routes.patch(item + ":scale", "Scale deployment", ctx -> {
            Deployment.ScaleRequest body = Bodies.read(ctx, Deployment.ScaleRequest.class);
            Responses.resource(ctx, deployments.scale(Auth.principal(ctx), ctx.pathParam("deployment_id"), body.replicaCount())
                    .toWire(), Deployments.ALL_FIELDS);
        });
        routes.get(item + "/events", "List a deployment's events (Hearth)", ctx -> {
            var events = Json.MAPPER.createObjectNode();
            var list = events.putArray("events");
            for (DeploymentStore.Event e : deployments.events(Auth.principal(ctx), ctx.pathParam("deployment_id"))) {
                list.addObject().put("time", Times.format(e.time())).put("kind", e.kind()).put("message", e.message());
            }
            Responses.json(ctx, events);
        });
        routes.get(collection, "List deployments", ctx -> Responses.list(ctx, "deployments",
                deployments.list(Auth.principal(ctx), Requests.listRequest(ctx), flag(ctx, "showDeleted")),
                DeploymentRow::toWire, Deployments.ALL_FIELDS));
        routes.get(item, "Get deployment", ctx -> Responses.resource(ctx,
                deployments.get(Auth.principal(ctx), ctx.pathParam("deployment_id")).toWire(), Deployments.ALL_FIELDS));
        routes.patch(item, "Update deployment", ctx -> {
            Deployment body = Bodies.read(ctx, Deployment.class);
            DeploymentRow row = deployments.update(Auth.principal(ctx), ctx.pathParam("deployment_id"), body,
                    Requests.query(ctx, "updateMask"));
            Responses.resource(ctx, row.toWire(), Deployments.ALL_FIELDS);
        });
        routes.delete(item, "Delete deployment", ctx -> {
            deployments.delete(Auth.principal(ctx), ctx.pathParam("deployment_id"), flag(ctx, "hard"), flag(ctx, "ignoreChecks"));
            Responses.empty(ctx);
        });

        String models = "/v1/accounts/{account_id}/deployedModels";
        String model = models + "/{deployed_model_id}";
        routes.post(models, "Load a model onto a deployment (LoRA add-on)", ctx -> {
            if (flag(ctx, "replaceMergedAddon")) {
                throw ApiError.invalid("replaceMergedAddon", "Hearth does not support hot-reload deployments with merged add-ons");
            }
            DeployedModel body = Bodies.read(ctx, DeployedModel.class);
            Responses.resource(ctx, deployments.load(Auth.principal(ctx), body).toWire(), Deployments.DEPLOYED_MODEL_FIELDS);
        });
        routes.get(models, "List deployed models", ctx -> Responses.list(ctx, "deployedModels",
                deployments.listDeployedModels(Auth.principal(ctx), Requests.listRequest(ctx)), DeployedModelRow::toWire,
                Deployments.DEPLOYED_MODEL_FIELDS));
        routes.get(model, "Get deployed model", ctx -> Responses.resource(ctx,
                deployments.getDeployedModel(Auth.principal(ctx), ctx.pathParam("deployed_model_id")).toWire(),
                Deployments.DEPLOYED_MODEL_FIELDS));
        routes.patch(model, "Update deployed model", ctx -> {
            DeployedModel body = Bodies.read(ctx, DeployedModel.class);
            Responses.resource(ctx, deployments.updateDeployedModel(Auth.principal(ctx), ctx.pathParam("deployed_model_id"), body,
                    Requests.query(ctx, "updateMask")).toWire(), Deployments.DEPLOYED_MODEL_FIELDS);
        });
        routes.delete(model, "Unload a deployed model", ctx -> {
            deployments.unload(Auth.principal(ctx), ctx.pathParam("deployed_model_id"));
            Responses.empty(ctx);
        });
        registerShapes(routes);
    }

    /** The shapes are the same for every account; {@code -} lists across shapes, as the docs allow. */
    private static void registerShapes(RouteTable routes) {
        String shapes = "/v1/accounts/{account_id}/deploymentShapes";
        String shape = shapes + "/{shape_id}";
        routes.sharedGet(shapes, "List deployment shapes", ctx -> {
            String target = Requests.query(ctx, "targetModel");
            var body = Json.MAPPER.createObjectNode();
            var list = body.putArray("deploymentShapes");
            for (Shapes.Shape s : shapesOf(ctx)) {
                if (target == null || target.isBlank() || s.baseModel() == null || s.baseModel().equals(target)) {
                    list.add(Json.MAPPER.valueToTree(s.toWire()));
                }
            }
            body.put("totalSize", list.size());
            Responses.json(ctx, body);
        });
        routes.sharedGet(shape, "Get deployment shape", ctx -> Responses.json(ctx, shape(ctx).toWire()));
        routes.sharedGet(shape + "/versions", "List deployment shape versions", ctx -> {
            String filter = Requests.query(ctx, "filter");
            String baseModel = filterBaseModel(filter);
            var body = Json.MAPPER.createObjectNode();
            var list = body.putArray("deploymentShapeVersions");
            String id = ctx.pathParam("shape_id");
            for (Shapes.Shape s : shapesOf(ctx)) {
                if ((id.equals("-") || s.id().equals(id)) && (baseModel == null || baseModel.equals(s.baseModel()))) {
                    list.add(Json.MAPPER.valueToTree(s.version()));
                }
            }
            if (!id.equals("-") && list.isEmpty() && baseModel == null) {
                shape(ctx);
            }
            body.put("totalSize", list.size());
            Responses.json(ctx, body);
        });
        routes.sharedGet(shape + "/versions/{version_id}", "Get deployment shape version", ctx -> {
            String version = ctx.pathParam("version_id");
            Shapes.Shape s = shape(ctx);
            if (!version.equals(Shapes.VERSION) && !version.equals("latest")) {
                throw ApiError.notFound("deployment shape version " + s.name() + "/versions/" + version + " not found");
            }
            Responses.json(ctx, s.version());
        });
    }

    private static List<Shapes.Shape> shapesOf(Context ctx) {
        String account = ctx.pathParam("account_id");
        return account.equals(Shapes.ACCOUNT) || account.equals("-") ? Shapes.all() : List.of();
    }

    private static Shapes.Shape shape(Context ctx) {
        String account = ctx.pathParam("account_id");
        String id = ctx.pathParam("shape_id");
        return (account.equals(Shapes.ACCOUNT) || account.equals("-") ? Shapes.find(id) : java.util.Optional.<Shapes.Shape>empty())
                .orElseThrow(() -> ApiError.notFound("deployment shape accounts/" + account + "/deploymentShapes/" + id + " not found"));
    }

    /**
     * The shape-version lists take the documented filter {@code snapshot.base_model="..."}, optionally with
     * {@code AND latest_validated=true} (every version here is the latest validated one); anything else is refused.
     */
    static String filterBaseModel(String filter) {
        if (filter == null || filter.isBlank()) {
            return null;
        }
        String baseModel = null;
        for (String clause : filter.split("(?i)\\s+AND\\s+")) {
            String c = clause.strip();
            var m = java.util.regex.Pattern.compile("(?:snapshot\\.)?base_?[mM]odel\\s*=\\s*\"([^\"]*)\"").matcher(c);
            if (m.matches()) {
                baseModel = m.group(1);
            } else if (!c.replace(" ", "").toLowerCase(Locale.ROOT).matches("(snapshot\\.)?latest_?validated=true")) {
                throw ApiError.invalid("filter", "shape versions can be filtered by snapshot.base_model=\"...\" and "
                        + "latest_validated=true only; got \"" + clause + "\"");
            }
        }
        return baseModel;
    }

    private static boolean flag(Context ctx, String name) {
        String value = Requests.query(ctx, name);
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ApiError.invalid(name, "must be true or false, got \"" + value + "\"");
        };
    }
}
