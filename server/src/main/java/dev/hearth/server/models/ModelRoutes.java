package dev.hearth.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.Model;
import dev.hearth.server.auth.Auth;
import dev.hearth.server.http.ApiError;
import dev.hearth.server.http.Bodies;
import dev.hearth.server.http.Requests;
import dev.hearth.server.http.Responses;
import dev.hearth.server.http.RouteTable;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** {@code /v1/accounts/{account_id}/models}, its custom verbs, and the signed upload/download URLs. */
public final class ModelRoutes {
    private ModelRoutes() {}

    record CreateModelBody(String modelId, Model model, String cluster) {}

    record GetUploadEndpointBody(Map<String, JsonNode> filenameToSize, Boolean enableResumableUpload, String readMask) {}

    record PrepareBody(String precision, String readMask) {}

    public static void register(RouteTable routes, Models models, ModelUploads uploads, ModelPreparation preparation) {
        String collection = "/v1/accounts/{account_id}/models";
        String item = collection + "/{model_id}";
        routes.post(collection, "Create model", ctx -> {
            CreateModelBody body = Bodies.read(ctx, CreateModelBody.class);
            String id = body.modelId() != null ? body.modelId() : Requests.query(ctx, "modelId");
            if (id == null) {
                throw ApiError.invalid("modelId", "is required");
            }
            ModelRow row = models.create(Auth.principal(ctx), id, body.model());
            Responses.resource(ctx, models.toWire(row), Models.ALL_FIELDS);
        });
        // Custom verbs first: Javalin takes the first matching route, and {model_id} alone would match "id:verb".
        routes.post(item + ":getUploadEndpoint", "Get signed upload URLs for model files", ctx -> {
            GetUploadEndpointBody body = Bodies.read(ctx, GetUploadEndpointBody.class);
            Responses.json(ctx, uploads.uploadEndpoint(Auth.principal(ctx), ctx.pathParam("model_id"), body.filenameToSize(),
                    baseUrl(ctx)));
        });
        routes.get(item + ":validateUpload", "Validate uploaded model files", ctx -> {
            List<String> warnings = preparation.validateUpload(Auth.principal(ctx), ctx.pathParam("model_id"));
            Responses.json(ctx, Map.of("warnings", warnings));
        });
        routes.post(item + ":prepare", "Prepare a model in another precision", ctx -> {
            PrepareBody body = Bodies.read(ctx, PrepareBody.class);
            ModelRow row = preparation.prepare(Auth.principal(ctx), ctx.pathParam("model_id"), body.precision());
            Responses.resource(ctx, models.toWire(row), Models.ALL_FIELDS);
        });
        routes.sharedGet(item + ":getDownloadEndpoint", "Get signed download URLs for model files", ctx ->
                Responses.json(ctx, uploads.downloadEndpoint(Auth.principal(ctx), ctx.pathParam("account_id"),
                        ctx.pathParam("model_id"), baseUrl(ctx))));

        routes.sharedGet(collection, "List models", ctx -> Responses.list(ctx, "models",
                models.list(Auth.principal(ctx), ctx.pathParam("account_id"), Requests.listRequest(ctx)),
                models::toWire, Models.ALL_FIELDS));
        routes.sharedGet(item, "Get model", ctx -> Responses.resource(ctx, models.toWire(
                models.get(Auth.principal(ctx), ctx.pathParam("account_id"), ctx.pathParam("model_id"))), Models.ALL_FIELDS));
        routes.patch(item, "Update model", ctx -> {
            Model body = Bodies.read(ctx, Model.class);
            ModelRow row = models.update(Auth.principal(ctx), ctx.pathParam("model_id"), body, Requests.query(ctx, "updateMask"));
            Responses.resource(ctx, models.toWire(row), Models.ALL_FIELDS);
        });
        routes.delete(item, "Delete model", ctx -> {
            models.delete(Auth.principal(ctx), ctx.pathParam("model_id"));
            Responses.empty(ctx);
        });
        String blob = "{account}/{model}/{filename}";
        routes.signed(HandlerType.PUT, ModelUploads.UPLOAD_PATH + blob, "Upload a model file (signed URL)", ctx -> {
            try (InputStream body = ctx.req().getInputStream()) {
                ModelUploads.PutResult result = uploads.put(ctx.path(), ctx.queryParam("expires"), ctx.queryParam("signature"),
                        ctx.pathParam("account"), ctx.pathParam("model"), ctx.pathParam("filename"),
                        ctx.header("Content-Range"), ctx.header(ModelUploads.SHA256_HEADER), body);
                if (!result.complete()) {
                    // The resumable-upload convention: 308 with the bytes held so far.
                    ctx.status(308);
                    if (result.received() > 0) {
                        ctx.header("Range", "bytes=0-" + (result.received() - 1));
                    }
                    ctx.result("");
                    return;
                }
                ctx.header(ModelUploads.SHA256_HEADER, result.sha256());
                Responses.empty(ctx);
            }
        });
        routes.signed(HandlerType.GET, ModelUploads.DOWNLOAD_PATH + blob, "Download a model file (signed URL)", ctx -> {
            ModelUploads.Download download = uploads.download(ctx.path(), ctx.queryParam("expires"), ctx.queryParam("signature"),
                    ctx.pathParam("account"), ctx.pathParam("model"), ctx.pathParam("filename"));
            ctx.header(ModelUploads.SHA256_HEADER, download.sha256());
            ctx.header("Content-Length", Long.toString(download.size()));
            ctx.contentType("application/octet-stream");
            try (InputStream in = download.body(); var out = ctx.outputStream()) {
                in.transferTo(out);
            }
        });
    }

    /** Signed URLs point back at the address the client used to reach this server. */
    static String baseUrl(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }
}
