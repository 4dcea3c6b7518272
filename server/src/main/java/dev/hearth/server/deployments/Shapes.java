package dev.hearth.server.deployments;

import dev.hearth.api.DeploymentShape;
import dev.hearth.server.http.ApiError;
import dev.hearth.server.models.Catalog;
import dev.hearth.server.models.ModelNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The read-only catalog of deployment shapes in account {@code fireworks}: for CPU replicas a shape fixes how many
 * sequences a replica decodes together and how much context each gets. There are generic shapes for any model
 * ({@code cpu-minimal}, {@code cpu-fast}, {@code cpu-throughput}) and one per preset for each built-in chat model.
 * Each shape has one immutable version, {@code 1}, which is also {@code latest}.
 */
public final class Shapes {
    static final String ACCOUNT = ModelNames.CATALOG_ACCOUNT;
    static final String VERSION = "1";
    /** When this catalog's shapes were first published (their create time never changes). */
    private static final String CREATE_TIME = "2026-11-01T00:00:00Z";

    /** A shape: the preset, the sequences a replica decodes together, and the context per sequence (0 = model default). */
    record Shape(String id, String preset, String baseModel, int parallel, int contextPerSequence, String description) {
        String name() {
            return "accounts/" + ACCOUNT + "/deploymentShapes/" + id;
        }

        String versionName() {
            return name() + "/versions/" + VERSION;
        }

        DeploymentShape toWire() {
            return new DeploymentShape(name(), id, description, CREATE_TIME, CREATE_TIME, baseModel, null, null, 0,
                    null, null, false, true, null, null, null, false, null,
                    contextPerSequence == 0 ? null : contextPerSequence, preset);
        }

        DeploymentShape.Version version() {
            return new DeploymentShape.Version(versionName(), CREATE_TIME, toWire(), true, true, true);
        }
    }

    private static final List<Shape> SHAPES = build();

    private Shapes() {}

    private static List<Shape> build() {
        List<Shape> shapes = new ArrayList<>();
        shapes.add(new Shape("cpu-minimal", "MINIMAL", null, 1, 0, "One sequence at a time: the least memory per replica."));
        shapes.add(new Shape("cpu-fast", "FAST", null, 2, 0, "Two sequences at a time: the lowest latency per request."));
        shapes.add(new Shape("cpu-throughput", "THROUGHPUT", null, 8, 2048,
                "Eight sequences of up to 2048 tokens at a time: the most tokens per second per replica."));
        String chat = ModelNames.name(ACCOUNT, Catalog.SYNTHETIC_CHAT);
        shapes.add(new Shape(Catalog.SYNTHETIC_CHAT + "-minimal", "MINIMAL", chat, 1, 0, "The synthetic chat model, one sequence at a time."));
        shapes.add(new Shape(Catalog.SYNTHETIC_CHAT + "-fast", "FAST", chat, 2, 0, "The synthetic chat model, two sequences at a time."));
        shapes.add(new Shape(Catalog.SYNTHETIC_CHAT + "-throughput", "THROUGHPUT", chat, 8, 2048,
                "The synthetic chat model, eight sequences of up to 2048 tokens at a time."));
        return List.copyOf(shapes);
    }

    static List<Shape> all() {
        return SHAPES;
    }

    static Optional<Shape> find(String id) {
        return SHAPES.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * What {@code deploymentShape} names: a shape, a shape version ({@code latest} or {@code 1}), or a shorthand
     * ({@code minimal}/{@code cost}, {@code fast}, {@code throughput}) that picks the base model's own shape if it has
     * one and the generic CPU shape otherwise.
     */
    static Shape resolve(String field, String value, String baseModel) {
        String v = value.strip();
        String shorthand = switch (v.toLowerCase(Locale.ROOT)) {
            case "minimal", "cost" -> "minimal";
            case "fast" -> "fast";
            case "throughput" -> "throughput";
            default -> null;
        };
        if (shorthand != null) {
            return SHAPES.stream().filter(s -> baseModel.equals(s.baseModel()) && s.id().endsWith("-" + shorthand)).findFirst()
                    .orElseGet(() -> find("cpu-" + shorthand).orElseThrow());
        }
        String prefix = "accounts/" + ACCOUNT + "/deploymentShapes/";
        if (!v.startsWith(prefix)) {
            throw ApiError.invalid(field, "\"" + value + "\" is not a deployment shape; use a shape name such as " + prefix
                    + "cpu-fast, a version of one, or fast, throughput or minimal");
        }
        String rest = v.substring(prefix.length());
        String id = rest;
        int versions = rest.indexOf("/versions/");
        if (versions >= 0) {
            id = rest.substring(0, versions);
            String version = rest.substring(versions + "/versions/".length());
            if (!version.equals(VERSION) && !version.equals("latest")) {
                throw ApiError.invalid(field, "shape " + prefix + id + " has no version \"" + version + "\"; it has " + VERSION
                        + " (latest)");
            }
        }
        String shapeId = id;
        Shape shape = find(shapeId).orElseThrow(() -> ApiError.invalid(field, "no deployment shape " + prefix + shapeId
                + "; list them with GET /v1/accounts/fireworks/deploymentShapes"));
        if (shape.baseModel() != null && !shape.baseModel().equals(baseModel)) {
            throw ApiError.invalid(field, "shape " + shape.name() + " is for " + shape.baseModel() + ", not " + baseModel);
        }
        return shape;
    }
}
