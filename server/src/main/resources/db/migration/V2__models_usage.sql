-- Models, their uploaded files and prepared artifacts, the usage meter, and server-wide secrets.
CREATE TABLE models (
    account_id         VARCHAR(63)  NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    model_id           VARCHAR(63)  NOT NULL,
    display_name       VARCHAR(255) NOT NULL,
    description        TEXT         NOT NULL,
    kind               VARCHAR(32)  NOT NULL,
    state              VARCHAR(32)  NOT NULL,
    status_code        VARCHAR(32)  NOT NULL,
    status_message     TEXT         NOT NULL,
    public             BOOLEAN      NOT NULL,
    supports_serverless BOOLEAN     NOT NULL,
    base_model         VARCHAR(255),
    source_format      VARCHAR(32)  NOT NULL,
    spec               TEXT         NOT NULL,
    create_time        BIGINT       NOT NULL,
    update_time        BIGINT       NOT NULL,
    version            BIGINT       NOT NULL,
    PRIMARY KEY (account_id, model_id)
);

CREATE TABLE model_files (
    account_id  VARCHAR(63)  NOT NULL,
    model_id    VARCHAR(63)  NOT NULL,
    filename    VARCHAR(255) NOT NULL,
    size_bytes  BIGINT       NOT NULL,
    sha256      VARCHAR(64),
    uploaded    BOOLEAN      NOT NULL,
    PRIMARY KEY (account_id, model_id, filename),
    FOREIGN KEY (account_id, model_id) REFERENCES models (account_id, model_id) ON DELETE CASCADE
);

-- A GGUF the serving side can load, per precision: converted from an HF checkpoint, quantized, or the upload itself.
CREATE TABLE model_artifacts (
    account_id  VARCHAR(63)  NOT NULL,
    model_id    VARCHAR(63)  NOT NULL,
    precision   VARCHAR(32)  NOT NULL,
    state       VARCHAR(32)  NOT NULL,
    message     TEXT         NOT NULL,
    blob_key    VARCHAR(512) NOT NULL,
    size_bytes  BIGINT       NOT NULL,
    update_time BIGINT       NOT NULL,
    PRIMARY KEY (account_id, model_id, precision),
    FOREIGN KEY (account_id, model_id) REFERENCES models (account_id, model_id) ON DELETE CASCADE
);

CREATE TABLE usage_records (
    request_id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    account_id           VARCHAR(63)  NOT NULL,
    key_id               VARCHAR(64)  NOT NULL,
    model                VARCHAR(255) NOT NULL,
    endpoint             VARCHAR(32)  NOT NULL,
    prompt_tokens        BIGINT       NOT NULL,
    cached_prompt_tokens BIGINT       NOT NULL,
    completion_tokens    BIGINT       NOT NULL,
    latency_ms           BIGINT       NOT NULL,
    http_status          INTEGER      NOT NULL,
    create_time          BIGINT       NOT NULL
);
CREATE INDEX usage_records_account_time ON usage_records (account_id, create_time);

CREATE TABLE server_secrets (
    name        VARCHAR(63)  NOT NULL PRIMARY KEY,
    secret      VARCHAR(128) NOT NULL,
    create_time BIGINT       NOT NULL
);
