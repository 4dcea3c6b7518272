package dev.hearth.server;

import dev.hearth.api.ErrorBody;
import dev.hearth.api.Json;
import dev.hearth.engine.runner.RunnerHttp;
import dev.hearth.server.accounts.AccountRoutes;
import dev.hearth.server.accounts.Accounts;
import dev.hearth.server.accounts.Bootstrap;
import dev.hearth.server.apikeys.ApiKeyRoutes;
import dev.hearth.server.apikeys.ApiKeys;
import dev.hearth.server.auth.Auth;
import dev.hearth.server.auth.Authenticator;
import dev.hearth.server.http.ApiError;
import dev.hearth.server.http.Code;
import dev.hearth.server.http.Responses;
import dev.hearth.server.http.RouteTable;
import dev.hearth.server.http.ServerRoutes;
import dev.hearth.server.blobs.BlobStore;
import dev.hearth.server.blobs.LocalBlobStore;
import dev.hearth.server.blobs.UrlSigner;
import dev.hearth.server.deployments.DeploymentController;
import dev.hearth.server.deployments.DeploymentRoutes;
import dev.hearth.server.deployments.Deployments;
import dev.hearth.server.inference.Gateway;
import dev.hearth.server.inference.InferenceError;
import dev.hearth.server.inference.InferenceRoutes;
import dev.hearth.server.inference.ModelResolver;
import dev.hearth.server.inference.UsageMeter;
import dev.hearth.server.metrics.HttpMetrics;
import dev.hearth.server.models.Catalog;
import dev.hearth.server.models.ModelJobs;
import dev.hearth.server.models.ModelPreparation;
import dev.hearth.server.models.ModelRoutes;
import dev.hearth.server.models.ModelUploads;
import dev.hearth.server.models.Models;
import dev.hearth.server.runners.ChildCommand;
import dev.hearth.server.runners.LocalProcessLauncher;
import dev.hearth.server.runners.RunnerConfig;
import dev.hearth.server.runners.ServerlessPool;
import dev.hearth.server.store.Database;
import dev.hearth.server.store.StoreUnavailableException;
import dev.hearth.server.users.UserRoutes;
import dev.hearth.server.users.Users;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Hearth server: the store, the services, the route table and Javalin, wired explicitly in one place. */
public final class HearthServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HearthServer.class);
    /** Bodies above this size are refused with 413 before they are read. */
    public static final long MAX_REQUEST_BYTES = 1 << 20;

    private final Database db;
    private final HttpMetrics metrics;
    private final RouteTable routes;
    private final Javalin app;
    private final Accounts accounts;
    private final ModelPreparation preparation;
    private final ServerlessPool runners;
    private final DeploymentController deployments;

    /**
     * What tests and operators may tune beyond {@link ServerConfig}.
     *
     * @param clock       the time the autoscaler and deployment lifecycle go by (tests pass a settable one)
     * @param deployments how often the deployment controller reconciles, and how long replicas may drain
     * @param limits      add-ons per deployment, soft-delete retention, and the recent-use check on delete
     */
    public record Options(java.time.InstantSource clock, DeploymentController.Settings deployments, Deployments.Limits limits) {
        public static Options defaults() {
            return new Options(java.time.InstantSource.system(), DeploymentController.Settings.defaults(), Deployments.Limits.defaults());
        }
    }

    private HearthServer(Database db, HttpMetrics metrics, RouteTable routes, Javalin app, Accounts accounts,
            ModelPreparation preparation, ServerlessPool runners, DeploymentController deployments) {
        this.runners = runners;
        this.deployments = deployments;
        this.db = db;
        this.metrics = metrics;
        this.routes = routes;
        this.app = app;
        this.accounts = accounts;
        this.preparation = preparation;
    }

    /**
     * Opens the store (migrating it), bootstraps an empty one, and starts listening.
     *
     * @param out where the one-time bootstrap credentials are printed
     * @throws StoreUnavailableException when the database cannot be reached at start
     */
    public static HearthServer start(ServerConfig config, PrintStream out) throws IOException {
        return start(config, out, Options.defaults());
    }

    public static HearthServer start(ServerConfig config, PrintStream out, Options options) throws IOException {
        Files.createDirectories(config.home());
        Files.createDirectories(config.blobs());
        Database db = Database.open(config.effectiveDbUrl());
        try {
            Accounts accounts = new Accounts(db);
            RouteTable routes = new RouteTable();
            HttpMetrics metrics = new HttpMetrics();
            ServerRoutes.register(routes, db, metrics);
            AccountRoutes.register(routes, accounts);
            Authenticator authenticator = new Authenticator(db);
            UserRoutes.register(routes, new Users(db, authenticator::forgetAll));
            ApiKeyRoutes.register(routes, new ApiKeys(db, authenticator::forgetAll));
            BlobStore blobs = new LocalBlobStore(config.blobs());
            Models models = new Models(db, blobs);
            RunnerConfig runnerConfig = RunnerConfig.defaults(config.home().resolve("logs/runners"));
            ModelPreparation preparation = new ModelPreparation(models, blobs, Map.of("SYNTHETIC", ModelJobs::synthesize,
                    "HF", ModelJobs::huggingFace, "PEFT", ModelJobs.peft(models, blobs)),
                    ModelJobs.quantizeWith(new ChildCommand(runnerConfig, Duration.ofHours(6))));
            ModelRoutes.register(routes, models,
                    new ModelUploads(models, blobs, UrlSigner.fromStore(db, Clock.systemUTC()), Duration.ofHours(1)), preparation);
            ServerlessPool runners = new ServerlessPool(runnerConfig);
            LocalProcessLauncher launcher = new LocalProcessLauncher(runnerConfig);
            Deployments deployments = new Deployments(db, models, options.clock(), options.limits(), launcher.accelerators());
            DeploymentRoutes.register(routes, deployments);
            DeploymentController controller = new DeploymentController(deployments, blobs, launcher, runnerConfig,
                    options.clock(), options.deployments());
            Gateway gateway = new Gateway(new ModelResolver(models, blobs, controller), runners, controller, new UsageMeter(db),
                    Duration.ofMinutes(2), models::markLoadFailed);
            InferenceRoutes.register(routes, gateway, models);

            var bootstrapped = Bootstrap.createIfEmpty(accounts, config.home());
            Catalog.install(db);
            preparation.resumeUnfinished();
            controller.start();
            Javalin app = createApp(config, routes, authenticator, metrics);
            RunnerHttp.start(app, config.host(), config.port());
            HearthServer server = new HearthServer(db, metrics, routes, app, accounts, preparation, runners, controller);
            bootstrapped.ifPresent(tenant -> Bootstrap.print(tenant, config.home(), server.baseUrl(config.host()), out));
            return server;
        } catch (RuntimeException | IOException e) {
            db.close();
            throw e;
        }
    }

    private static Javalin createApp(ServerConfig config, RouteTable routes, Authenticator authenticator, HttpMetrics metrics) {
        Javalin app = Javalin.create(cfg -> {
            cfg.useVirtualThreads = true;
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            cfg.http.prefer405over404 = false;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            cfg.router.ignoreTrailingSlashes = true;
            cfg.jetty.modifyServer(server -> {
                // Stop accepting, then let in-flight requests finish for up to the grace period.
                server.setStopTimeout(config.shutdownGrace().toMillis());
                server.insertHandler(new StatisticsHandler());
            });
        });
        app.before(metrics::start);
        app.beforeMatched(Auth.gate(authenticator));
        app.after(metrics::record);
        app.exception(ApiError.class, (e, ctx) -> error(ctx, e.httpStatus(), e.code(), e.getMessage()));
        app.exception(InferenceError.class, (e, ctx) -> inferenceError(ctx, e.status(), e.type(), e.param(), e.code(), e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), codeFor(e.getStatus()),
                e.getStatus() == 413 ? "request body: larger than the " + (MAX_REQUEST_BYTES >> 20) + " MiB limit" : e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> unexpected(ctx, e));
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                error(ctx, 404, Code.NOT_FOUND, "no endpoint " + ctx.method() + " " + ctx.path());
            }
        });
        app.error(405, ctx -> {
            if (ctx.result() == null) {
                error(ctx, 405, Code.UNIMPLEMENTED, "method " + ctx.method() + " is not allowed on " + ctx.path());
            }
        });
        routes.install(app);
        return app;
    }

    private static void error(Context ctx, int status, Code code, String message) {
        if (ctx.path().startsWith(InferenceRoutes.PREFIX + "/")) {
            inferenceError(ctx, status, status == 401 ? "authentication_error" : status >= 500 ? "server_error" : "invalid_request_error",
                    null, code.name(), message);
            return;
        }
        ctx.status(status);
        Responses.json(ctx, new ErrorBody(code.number, message, List.of()));
    }

    /** The data plane answers errors in the OpenAI shape its SDKs parse. */
    private static void inferenceError(Context ctx, int status, String type, String param, String code, String message) {
        ctx.status(status);
        var error = Json.MAPPER.createObjectNode();
        var body = error.putObject("error");
        body.put("message", message);
        body.put("type", type);
        body.put("param", param);
        body.put("code", code);
        Responses.json(ctx, error);
    }

    /** Store outages are 503s; anything else is a 500 with a reference the operator can find in the log. */
    private static void unexpected(Context ctx, Exception e) {
        if (isStoreFailure(e)) {
            LOG.warn("store unavailable during {} {}: {}", ctx.method(), ctx.endpointHandlerPath(), e.toString());
            error(ctx, 503, Code.UNAVAILABLE, "the store is unavailable; retry later");
            return;
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("internal error {} during {} {}", reference, ctx.method(), ctx.endpointHandlerPath(), e);
        error(ctx, 500, Code.INTERNAL, "internal error (reference " + reference + ")");
    }

    private static boolean isStoreFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StoreUnavailableException || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (t instanceof java.net.ConnectException || t instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    private static Code codeFor(int status) {
        return switch (status) {
            case 401 -> Code.UNAUTHENTICATED;
            case 403 -> Code.PERMISSION_DENIED;
            case 404 -> Code.NOT_FOUND;
            case 409 -> Code.ALREADY_EXISTS;
            case 429 -> Code.RESOURCE_EXHAUSTED;
            case 503 -> Code.UNAVAILABLE;
            default -> status >= 500 ? Code.INTERNAL : Code.INVALID_ARGUMENT;
        };
    }

    public int port() {
        return app.port();
    }

    public String baseUrl(String host) {
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return "http://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + port();
    }

    public Database database() {
        return db;
    }

    public Accounts accounts() {
        return accounts;
    }

    /** The runner processes this server supervises. */
    public ServerlessPool runners() {
        return runners;
    }

    /** The replicas of dedicated deployments. */
    public DeploymentController deployments() {
        return deployments;
    }

    public RouteTable routes() {
        return routes;
    }

    /** Stops accepting, drains in-flight requests (bounded by the grace period), then closes the store. */
    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            preparation.close();
            deployments.close();
            runners.close();
            metrics.close();
            db.close();
        }
    }
}
