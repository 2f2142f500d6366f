-- The accord store schema, as numbered forward migrations.
-- db.py applies every "-- migration N: ..." block above the file's recorded version,
-- each in one transaction, and records it in schema_version. Never edit an applied
-- block: add a new one. Column names are stable; rows.py, the Spark writer and
-- store/views.py rely on them.
--
-- Per-article tables (articles, events, actors, quotes, sources, stances) are written
-- by ingest, one transaction per batch, and keyed by the article's sha256. Derived
-- tables (article_groups, event_links, event_clusters) are rebuilt by dedup.py.

-- migration 1: articles, events, actors, quotes, sources, stances; duplicate groups and event links
CREATE TABLE articles (
    sha256 VARCHAR PRIMARY KEY,       -- of the normalised text; the ingest key
    article_id VARCHAR NOT NULL,      -- the input's id; a new sha256 for a known id replaces the old article
    title VARCHAR,
    date VARCHAR,                     -- publication date, YYYY-MM-DD
    outlet VARCHAR,
    url VARCHAR,
    language VARCHAR,
    text VARCHAR NOT NULL,
    n_chars INTEGER NOT NULL,
    n_events INTEGER NOT NULL,
    warnings VARCHAR[] NOT NULL,
    minhash UBIGINT[],                -- MinHash signature of the text's word shingles (dedup.py)
    accord_version VARCHAR,
    ingested_at TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE events (
    article_sha256 VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    mode VARCHAR,
    contexts VARCHAR[] NOT NULL,
    cameo VARCHAR,
    source_text VARCHAR, source_name VARCHAR, source_code VARCHAR, source_sector VARCHAR, source_anonymous BOOLEAN,
    target_text VARCHAR, target_name VARCHAR, target_code VARCHAR, target_sector VARCHAR, target_anonymous BOOLEAN,
    issue_key VARCHAR,
    issue_text VARCHAR,
    modality VARCHAR NOT NULL,
    date VARCHAR,                     -- YYYY-MM-DD, YYYY-MM or YYYY
    date_precision VARCHAR NOT NULL,
    date_text VARCHAR,
    location_text VARCHAR, location_name VARCHAR, location_country VARCHAR, location_admin1 VARCHAR,
    location_lat DOUBLE, location_lon DOUBLE, location_geonameid BIGINT,
    speaker_text VARCHAR, speaker_name VARCHAR, speaker_code VARCHAR, speaker_sector VARCHAR, speaker_anonymous BOOLEAN,
    attribution_cue VARCHAR,
    attribution_via VARCHAR[],
    sentence INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    trigger_text VARCHAR NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    confidence DOUBLE NOT NULL,
    rule VARCHAR,
    evidence VARCHAR,                 -- the sentence the event was coded from
    PRIMARY KEY (article_sha256, event_id)
);

-- Every actor mention that fills a role: event source/target/speaker, quote speaker, stance holder.
CREATE TABLE actors (
    article_sha256 VARCHAR NOT NULL,
    role VARCHAR NOT NULL,            -- event_source, event_target, event_speaker, quote_speaker, stance_holder
    owner VARCHAR NOT NULL,           -- the event id, or quote/stance index, the mention belongs to
    text VARCHAR NOT NULL,
    char_start INTEGER,
    char_end INTEGER,
    name VARCHAR,
    code VARCHAR,
    sector VARCHAR,
    anonymous BOOLEAN NOT NULL,
    rule VARCHAR
);

CREATE TABLE quotes (
    article_sha256 VARCHAR NOT NULL,
    quote_index INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    direct BOOLEAN NOT NULL,
    speaker_text VARCHAR, speaker_name VARCHAR, speaker_code VARCHAR, speaker_sector VARCHAR, speaker_anonymous BOOLEAN,
    cue_text VARCHAR, cue_start INTEGER, cue_end INTEGER,
    via VARCHAR[] NOT NULL,
    rule VARCHAR,
    PRIMARY KEY (article_sha256, quote_index)
);

CREATE TABLE sources (
    article_sha256 VARCHAR NOT NULL,
    source_index INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    name VARCHAR,
    kind VARCHAR NOT NULL,
    code VARCHAR,
    sector VARCHAR,
    char_start INTEGER,
    char_end INTEGER,
    PRIMARY KEY (article_sha256, source_index)
);

CREATE TABLE stances (
    article_sha256 VARCHAR NOT NULL,
    stance_index INTEGER NOT NULL,
    holder_text VARCHAR NOT NULL, holder_name VARCHAR, holder_code VARCHAR, holder_sector VARCHAR, holder_anonymous BOOLEAN,
    issue VARCHAR NOT NULL,
    stance VARCHAR NOT NULL,          -- support, oppose, conditional
    conditions VARCHAR[] NOT NULL,
    evidence VARCHAR[] NOT NULL,
    PRIMARY KEY (article_sha256, stance_index)
);

-- Near-duplicate articles (wire copies): group_id is the sha256 of the group's first-ingested member.
CREATE TABLE article_groups (
    sha256 VARCHAR PRIMARY KEY,
    group_id VARCHAR NOT NULL,
    group_size INTEGER NOT NULL
);

-- One row per event mention; cluster_id names the linked event it is a mention of.
CREATE TABLE event_links (
    article_sha256 VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    cluster_id VARCHAR NOT NULL,
    PRIMARY KEY (article_sha256, event_id)
);

-- Linked events: what counts as one event however many articles report it.
CREATE TABLE event_clusters (
    cluster_id VARCHAR PRIMARY KEY,   -- "<article_sha256>:<event_id>" of its first mention
    type VARCHAR NOT NULL,
    source_code VARCHAR,
    target_code VARCHAR,
    issue_key VARCHAR,
    first_date VARCHAR,
    last_date VARCHAR,
    n_mentions INTEGER NOT NULL,      -- event rows linked, every mention kept
    n_articles INTEGER NOT NULL,      -- distinct articles reporting it
    n_sources INTEGER NOT NULL        -- distinct outlets (an article without an outlet counts as its own)
);

CREATE TABLE store_state (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

-- migration 2: articles.id_given: whether the input gave the article's id
-- Only a given id (JSONL "id", POST "id") names versions of one article; an id made up from
-- a file name ("index", "day:12") never replaces a stored article nor is replaced, on the
-- ingest and on the Spark path alike. Articles stored before this migration count as given.
-- No column default: the Spark writer leaves defaulted columns to the store (spark.table_schemas).
ALTER TABLE articles ADD COLUMN id_given BOOLEAN;
UPDATE articles SET id_given = TRUE;
