-- Dedicated deployments, the models loaded on them (base and LoRA add-ons), and the autoscaler's decisions.
CREATE TABLE deployments (
    account_id         VARCHAR(63)  NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    deployment_id      VARCHAR(63)  NOT NULL,
    display_name       VARCHAR(255) NOT NULL,
    description        TEXT         NOT NULL,
    state              VARCHAR(32)  NOT NULL,
    status_code        VARCHAR(32)  NOT NULL,
    status_message     TEXT         NOT NULL,
    base_model         VARCHAR(255) NOT NULL,
    created_by         VARCHAR(255) NOT NULL,
    min_replicas       INTEGER      NOT NULL,
    max_replicas       INTEGER      NOT NULL,
    desired_replicas   INTEGER      NOT NULL,
    replica_count      INTEGER      NOT NULL,
    ready_replicas     INTEGER      NOT NULL,
    -- Bumped whenever a change needs new replica processes (model, precision, context); replicas roll to it.
    generation         BIGINT       NOT NULL,
    spec               TEXT         NOT NULL,
    expire_time        BIGINT,
    delete_time        BIGINT,
    purge_time         BIGINT,
    last_request_time  BIGINT,
    create_time        BIGINT       NOT NULL,
    update_time        BIGINT       NOT NULL,
    version            BIGINT       NOT NULL,
    PRIMARY KEY (account_id, deployment_id)
);

CREATE TABLE deployed_models (
    account_id         VARCHAR(63)  NOT NULL,
    deployed_model_id  VARCHAR(127) NOT NULL,
    model              VARCHAR(255) NOT NULL,
    deployment_id      VARCHAR(63)  NOT NULL,
    display_name       VARCHAR(255) NOT NULL,
    description        TEXT         NOT NULL,
    is_default         BOOLEAN      NOT NULL,
    public             BOOLEAN      NOT NULL,
    state              VARCHAR(32)  NOT NULL,
    status_code        VARCHAR(32)  NOT NULL,
    status_message     TEXT         NOT NULL,
    create_time        BIGINT       NOT NULL,
    update_time        BIGINT       NOT NULL,
    version            BIGINT       NOT NULL,
    PRIMARY KEY (account_id, deployed_model_id),
    UNIQUE (account_id, model, deployment_id),
    FOREIGN KEY (account_id, deployment_id) REFERENCES deployments (account_id, deployment_id) ON DELETE CASCADE
);

CREATE TABLE deployment_events (
    account_id         VARCHAR(63)  NOT NULL,
    deployment_id      VARCHAR(63)  NOT NULL,
    event_time         BIGINT       NOT NULL,
    kind               VARCHAR(32)  NOT NULL,
    message            TEXT         NOT NULL,
    FOREIGN KEY (account_id, deployment_id) REFERENCES deployments (account_id, deployment_id) ON DELETE CASCADE
);
CREATE INDEX deployment_events_by_deployment ON deployment_events (account_id, deployment_id, event_time);
