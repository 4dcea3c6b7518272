package dev.hearth.server.deployments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.Json;
import dev.hearth.server.blobs.BlobStore;
import dev.hearth.server.models.ModelNames;
import dev.hearth.server.models.ModelStore;
import dev.hearth.server.resource.Times;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Keeps the LoRA add-ons of a deployment loaded in its replicas through each runner's {@code /v1/adapters}: loads
 * into new and restarted processes, unloads what was unloaded, and records each add-on's state and failures.
 * Loading runs on a virtual thread per replica, so a slow load never holds up the controller's pass.
 */
final class AddonSync {
    /** Where add-on events go: the deployment's event list. */
    interface Events {
        void add(DeploymentRow row, String kind, String message);
    }

    private final Deployments deployments;
    private final BlobStore blobs;
    private final HttpClient http;
    private final InstantSource clock;
    private final Events events;
    private final Runnable wake;

    AddonSync(Deployments deployments, BlobStore blobs, HttpClient http, InstantSource clock, Events events, Runnable wake) {
        this.deployments = deployments;
        this.blobs = blobs;
        this.http = http;
        this.clock = clock;
        this.events = events;
        this.wake = wake;
    }

    /**
     * Makes each ready replica hold exactly the add-ons that are loading or loaded, without restarting it, and moves each
     * add-on's state on: DEPLOYING to DEPLOYED once every ready replica has it, UNDEPLOYING to gone once none has it.
     */
    void sync(DeploymentRuntime rt) {
        DeploymentRow row = rt.row;
        List<DeployedModelRow> models = deployments.db().jdbi().withHandle(h ->
                DeploymentStore.deployedModelsOf(h, row.accountId(), row.deploymentId()));
        // Every add-on that is loading or loaded; a null path means its file is missing, which only matters to replicas
        // that do not hold it yet (a replica that loaded it keeps serving it).
        Map<String, String> wanted = new LinkedHashMap<>();
        for (DeployedModelRow m : models) {
            if (!m.model().equals(row.baseModel()) && !m.state().equals(DeployedModelRow.UNDEPLOYING)) {
                String path = adapterPath(m.model());
                wanted.put(m.model(), path != null && Files.isRegularFile(Path.of(path)) ? path : null);
            }
        }
        List<Replica> ready = rt.replicas.stream().filter(r -> r.isReady() && !r.draining).toList();
        for (Replica r : ready) {
            if (!r.syncingAdapters.get()) {
                r.trackProcess();
            }
            Set<String> extra = new HashSet<>(r.adapters.keySet());
            extra.removeAll(wanted.keySet());
            boolean needs = !extra.isEmpty() || wanted.keySet().stream().anyMatch(k -> !r.adapters.containsKey(k)
                    && !r.adapterFailures.containsKey(k));
            if (needs && r.syncingAdapters.compareAndSet(false, true)) {
                Thread.ofVirtual().name("replica-adapters").start(() -> {
                    try {
                        syncReplica(r, wanted, extra);
                    } finally {
                        r.syncingAdapters.set(false);
                        wake.run();
                    }
                });
            }
        }
        Map<String, String> failures = new HashMap<>();
        for (Replica r : ready) {
            r.adapterFailures.forEach((k, v) -> failures.putIfAbsent(k, "replica " + r.index + ": " + v));
        }
        rt.addonFailures = Map.copyOf(failures);
        long now = Times.toMicros(clock.instant());
        for (DeployedModelRow m : models) {
            if (m.model().equals(row.baseModel())) {
                continue;
            }
            boolean everywhere = ready.stream().allMatch(r -> r.hasAdapter(m.model()));
            boolean nowhere = rt.replicas.stream().noneMatch(r -> r.hasAdapter(m.model()) && !r.stopping);
            String failure = failures.get(m.model());
            DeployedModelRow next = null;
            if (m.state().equals(DeployedModelRow.UNDEPLOYING)) {
                if (nowhere) {
                    deployments.db().jdbi().useHandle(h -> DeploymentStore.deleteDeployedModel(h, m.accountId(), m.deployedModelId()));
                    events.add(row, "ADDON_UNLOADED", "unloaded " + m.model());
                }
                continue;
            }
            if (failure != null) {
                String message = "failed to load: " + failure;
                if (!m.statusMessage().equals(message)) {
                    next = m.with(DeployedModelRow.DEPLOYING, "FAILED_PRECONDITION", message, m.isDefault(), now);
                    events.add(row, "ADDON_FAILED", m.model() + " " + message);
                }
            } else if (everywhere && !m.state().equals(DeployedModelRow.DEPLOYED)) {
                next = m.with(DeployedModelRow.DEPLOYED, "OK", "", m.isDefault(), now);
                events.add(row, "ADDON_LOADED", "loaded " + m.model() + " into " + ready.size() + " replica" + (ready.size() == 1 ? "" : "s"));
            }
            if (next != null) {
                DeployedModelRow write = next;
                deployments.db().jdbi().useHandle(h -> DeploymentStore.updateDeployedModel(h, write, m.version()));
            }
        }
    }

    private void syncReplica(Replica r, Map<String, String> wanted, Set<String> extra) {
        URI base = r.runner.baseUrl();
        if (base == null) {
            return;
        }
        for (String name : extra) {
            try {
                // Add-on names are model names (accounts/a/models/m): IDs of a-z, 0-9 and '-', safe in a path as they are.
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/v1/adapters/" + name))
                        .header("Authorization", "Bearer " + r.runner.apiKey()).timeout(Duration.ofSeconds(30)).DELETE().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 204 || response.statusCode() == 404) {
                    r.adapters.remove(name);
                }
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (var e : wanted.entrySet()) {
            if (r.adapters.containsKey(e.getKey()) || r.adapterFailures.containsKey(e.getKey())) {
                continue;
            }
            if (e.getValue() == null) {
                r.adapterFailures.put(e.getKey(), "its adapter file is missing on this server");
                continue;
            }
            try {
                String body = Json.MAPPER.writeValueAsString(Map.of("name", e.getKey(), "path", e.getValue()));
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/v1/adapters"))
                        .header("Authorization", "Bearer " + r.runner.apiKey()).header("Content-Type", "application/json")
                        .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201 || response.statusCode() == 409) {
                    r.adapters.put(e.getKey(), e.getValue());
                } else {
                    JsonNode error = Json.MAPPER.readTree(response.body());
                    r.adapterFailures.put(e.getKey(), DeploymentController.withoutServerPaths(error.path("error").path("message").asText(response.body())));
                }
            } catch (IOException ex) {
                return;
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The local file of an add-on's converted adapter, or null when it has none ready. */
    private String adapterPath(String model) {
        ModelNames.Ref ref = ModelNames.parse("model", model, ModelNames.CATALOG_ACCOUNT);
        return deployments.db().jdbi().withHandle((Handle h) -> ModelStore.artifacts(h, ref.accountId(), ref.modelId())).stream()
                .filter(a -> a.state().equals("READY")).findFirst().map(a -> {
                    try {
                        return blobs.localPath(a.blobKey()).toString();
                    } catch (IOException e) {
                        return null;
                    }
                }).orElse(null);
    }
}
