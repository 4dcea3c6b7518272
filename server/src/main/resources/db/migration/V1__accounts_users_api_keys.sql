-- Portable SQL: this file runs unchanged on SQLite and PostgreSQL.
-- Times are epoch microseconds (BIGINT); version is the optimistic-concurrency counter behind etags.
CREATE TABLE accounts (
    account_id    VARCHAR(63)  NOT NULL PRIMARY KEY,
    display_name  VARCHAR(255) NOT NULL,
    email         VARCHAR(320) NOT NULL,
    account_type  VARCHAR(32)  NOT NULL,
    state         VARCHAR(32)  NOT NULL,
    suspend_state VARCHAR(64)  NOT NULL,
    create_time   BIGINT       NOT NULL,
    update_time   BIGINT       NOT NULL,
    version       BIGINT       NOT NULL
);

CREATE TABLE users (
    account_id      VARCHAR(63)  NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    user_id         VARCHAR(63)  NOT NULL,
    display_name    VARCHAR(255) NOT NULL,
    email           VARCHAR(320) NOT NULL,
    role            VARCHAR(32)  NOT NULL,
    service_account BOOLEAN      NOT NULL,
    state           VARCHAR(32)  NOT NULL,
    create_time     BIGINT       NOT NULL,
    update_time     BIGINT       NOT NULL,
    version         BIGINT       NOT NULL,
    PRIMARY KEY (account_id, user_id)
);
CREATE UNIQUE INDEX users_account_email ON users (account_id, email);

CREATE TABLE api_keys (
    account_id   VARCHAR(63)  NOT NULL,
    key_id       VARCHAR(64)  NOT NULL,
    user_id      VARCHAR(63)  NOT NULL,
    display_name VARCHAR(255) NOT NULL,
    prefix       VARCHAR(32)  NOT NULL,
    salt         VARCHAR(64)  NOT NULL,
    key_hash     VARCHAR(128) NOT NULL,
    create_time  BIGINT       NOT NULL,
    expire_time  BIGINT,
    PRIMARY KEY (account_id, key_id),
    FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, user_id) ON DELETE CASCADE
);
CREATE INDEX api_keys_prefix ON api_keys (prefix);
