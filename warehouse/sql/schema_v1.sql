-- The first released warehouse schema (version 1), frozen so that migrations from it stay tested.
CREATE TABLE IF NOT EXISTS articles (
  article_id VARCHAR NOT NULL,
  source_uri VARCHAR NOT NULL,
  title VARCHAR NOT NULL,
  outlet VARCHAR,
  published_date DATE,
  byline VARCHAR,
  dateline VARCHAR,
  date_source VARCHAR NOT NULL,
  format VARCHAR NOT NULL,
  encoding VARCHAR,
  n_chars INTEGER NOT NULL,
  text VARCHAR NOT NULL,
  extractor_version VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS article_sources (
  article_id VARCHAR NOT NULL,
  source_uri VARCHAR NOT NULL,
  run_id VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
  event_id VARCHAR NOT NULL,
  article_id VARCHAR NOT NULL,
  is_primary BOOLEAN NOT NULL,
  event_type VARCHAR NOT NULL,
  event_date DATE,
  date_precision VARCHAR NOT NULL,
  actor1 VARCHAR,
  actor2 VARCHAR,
  location_name VARCHAR,
  admin1 VARCHAR,
  country_code VARCHAR,
  latitude DOUBLE,
  longitude DOUBLE,
  geo_precision VARCHAR NOT NULL,
  location_text VARCHAR,
  evidence VARCHAR NOT NULL,
  sentence_index INTEGER,
  n_strikes INTEGER,
  n_aircraft INTEGER,
  n_claims INTEGER NOT NULL,
  n_sources INTEGER NOT NULL,
  killed_low INTEGER,
  killed_best INTEGER,
  killed_high INTEGER,
  injured_low INTEGER,
  injured_best INTEGER,
  injured_high INTEGER
);
CREATE TABLE IF NOT EXISTS casualty_claims (
  claim_id VARCHAR NOT NULL,
  article_id VARCHAR NOT NULL,
  event_id VARCHAR,
  outcome VARCHAR NOT NULL,
  count_low INTEGER NOT NULL,
  count_high INTEGER,
  qualifier VARCHAR NOT NULL,
  victim_group VARCHAR NOT NULL,
  claimed_by VARCHAR,
  claimed_by_text VARCHAR,
  is_subtotal BOOLEAN NOT NULL,
  evidence VARCHAR NOT NULL,
  sentence_index INTEGER,
  start_char INTEGER NOT NULL,
  end_char INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS mentions (
  mention_id VARCHAR NOT NULL,
  article_id VARCHAR NOT NULL,
  label VARCHAR NOT NULL,
  text VARCHAR NOT NULL,
  start_char INTEGER NOT NULL,
  end_char INTEGER NOT NULL,
  sentence_index INTEGER,
  source VARCHAR NOT NULL,
  resolved VARCHAR,
  detail VARCHAR
);
CREATE TABLE IF NOT EXISTS quarantine (
  run_id VARCHAR NOT NULL,
  source_uri VARCHAR NOT NULL,
  stage VARCHAR NOT NULL,
  reason VARCHAR NOT NULL,
  table_name VARCHAR,
  record_id VARCHAR,
  counts_as_input BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
  run_id VARCHAR NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP NOT NULL,
  source VARCHAR NOT NULL,
  inputs_seen INTEGER NOT NULL,
  articles_loaded INTEGER NOT NULL,
  articles_unchanged INTEGER NOT NULL,
  articles_duplicate INTEGER NOT NULL,
  inputs_quarantined INTEGER NOT NULL,
  events INTEGER NOT NULL,
  claims INTEGER NOT NULL,
  extractor_version VARCHAR NOT NULL,
  full_refresh BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS sitrep_meta (key VARCHAR, value VARCHAR);
INSERT INTO sitrep_meta VALUES ('schema_version', '1');
