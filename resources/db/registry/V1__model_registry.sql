-- mlpc model registry, schema version 1.
-- Flyway runs this with the registry schema first on the search_path; names are unqualified.

-- Registered models. last_version is the per-model version counter: a registration increments it under the row lock,
-- in the transaction that inserts the version, so concurrent registrations never duplicate or skip a number, and the
-- number of a deleted version is never handed out again.
CREATE TABLE registered_models (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text        NOT NULL,
    name_key      text        COLLATE "C" NOT NULL GENERATED ALWAYS AS (lower(name)) STORED,
    description   text        NOT NULL DEFAULT '',
    owner         text        NOT NULL DEFAULT '',
    archived      boolean     NOT NULL DEFAULT false,
    last_version  integer     NOT NULL DEFAULT 0 CHECK (last_version >= 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT registered_models_name_format CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'),
    CONSTRAINT registered_models_name_key_unique UNIQUE (name_key)
);

-- model_key repeats the model's name_key (names never change) so that listings order and filter versions without a
-- join; tags are a JSON object searched through a GIN index, so that several tags intersect inside the index.
CREATE TABLE model_versions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_id     bigint      NOT NULL REFERENCES registered_models (id) ON DELETE CASCADE,
    model_key    text        COLLATE "C" NOT NULL,
    version      integer     NOT NULL CHECK (version > 0),
    source       text        NOT NULL,
    run_id       text,
    run_link     text,
    framework    text,
    signature    text,
    status       text        NOT NULL DEFAULT 'READY'
                 CHECK (status IN ('PENDING_REGISTRATION', 'FAILED_REGISTRATION', 'READY')),
    stage        text        NOT NULL DEFAULT 'None' CHECK (stage IN ('None', 'Staging', 'Production', 'Archived')),
    description  text        NOT NULL DEFAULT '',
    tags         jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(tags) = 'object'),
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT model_versions_model_version_unique UNIQUE (model_id, version)
);
CREATE INDEX model_versions_order ON model_versions (model_key, version DESC);
CREATE INDEX model_versions_tags ON model_versions USING gin (tags jsonb_path_ops);
CREATE INDEX registered_models_archived ON registered_models (id) WHERE archived;

-- An alias names one version of its model; the foreign key keeps it from pointing at a version that does not exist
-- (NO ACTION: deleting an aliased version fails unless the alias goes in the same statement, as when a model is deleted).
-- model_key repeats the model's name_key, so that a search by alias walks the aliases in listing order.
CREATE TABLE model_aliases (
    model_id    bigint      NOT NULL REFERENCES registered_models (id) ON DELETE CASCADE,
    model_key   text        COLLATE "C" NOT NULL,
    alias       text        NOT NULL,
    version     integer     NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, alias),
    CONSTRAINT model_aliases_version_fk FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version),
    CONSTRAINT model_aliases_alias_format CHECK (alias ~ '^[A-Za-z_][A-Za-z0-9_-]{0,63}$')
);
CREATE INDEX model_aliases_version ON model_aliases (model_id, version);
CREATE INDEX model_aliases_alias ON model_aliases (alias, model_key, version DESC);

CREATE TABLE model_tags (
    model_id  bigint NOT NULL REFERENCES registered_models (id) ON DELETE CASCADE,
    key       text   NOT NULL,
    value     text   NOT NULL,
    PRIMARY KEY (model_id, key)
);
CREATE INDEX model_tags_key_value ON model_tags (key, value, model_id);

-- Lineage: what a version was trained on (direction 'input') and where it is deployed ('deployment').
CREATE TABLE version_lineage (
    version_id  bigint NOT NULL REFERENCES model_versions (id) ON DELETE CASCADE,
    direction   text   NOT NULL CHECK (direction IN ('input', 'deployment')),
    kind        text   NOT NULL,
    uri         text   NOT NULL,
    added_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (version_id, direction, kind, uri)
);

CREATE TABLE version_metrics (
    version_id  bigint           NOT NULL REFERENCES model_versions (id) ON DELETE CASCADE,
    key         text             NOT NULL,
    value       double precision NOT NULL,
    step        bigint           NOT NULL DEFAULT 0,
    logged_at   timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX version_metrics_version_key ON version_metrics (version_id, key, step);

-- Every change, in the transaction that makes it: who, when, what, before and after. Not tied to the models by a
-- foreign key, so that the record of a deletion outlives what was deleted.
CREATE TABLE registry_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor       text        NOT NULL,
    db_user     text        NOT NULL DEFAULT current_user,
    action      text        NOT NULL,
    model_id    bigint,
    model_name  text        NOT NULL,
    version     integer,
    before      jsonb,
    after       jsonb
);
CREATE INDEX registry_events_model ON registry_events (lower(model_name), id);
