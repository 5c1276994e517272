-- Views for analysts. Each is documented, with an example query, in docs/views.md; the
-- examples run in tests/integration/test_views.py.

-- Casualties by country, first-level division and month, from incidents (one row per
-- real-world incident, so an incident reported by five outlets counts once). Nothing is left
-- out: an incident placed only by its country has admin1 NULL, one placed nowhere
-- country_code NULL too; one dated only to its year, or not at all, has month NULL (its year,
-- when known, in `year`) — a year is never counted as January.
CREATE OR REPLACE VIEW casualties_by_governorate_month AS
SELECT
    country_code,
    admin1,
    CASE WHEN date_precision IN ('day', 'week', 'month', 'year') THEN year(date_start) END::INTEGER AS year,
    CASE WHEN date_precision IN ('day', 'week', 'month') THEN date_trunc('month', date_start)::DATE END AS month,
    count(*)::BIGINT AS incidents,
    sum(killed_low)::BIGINT AS killed_low,
    sum(killed_best)::BIGINT AS killed_best,
    sum(killed_high)::BIGINT AS killed_high,
    sum(injured_best)::BIGINT AS injured_best
FROM incidents
GROUP BY ALL;

-- Strikes (air strikes and shelling) by the actor who carried them out, per country and
-- month (month NULL: dated to no month).
CREATE OR REPLACE VIEW strikes_by_actor_month AS
SELECT
    country_code,
    coalesce(actor1, 'unknown') AS actor,
    CASE WHEN date_precision IN ('day', 'week', 'month') THEN date_trunc('month', date_start)::DATE END AS month,
    (count(*) FILTER (WHERE event_type = 'air_strike'))::BIGINT AS air_strikes,
    (count(*) FILTER (WHERE event_type = 'shelling'))::BIGINT AS shelling,
    sum(killed_best)::BIGINT AS killed_best
FROM incidents
WHERE event_type IN ('air_strike', 'shelling')
GROUP BY ALL;

-- Disagreements: incidents whose sources give figures for the same outcome and the same
-- victims that cannot all be true, with who said what (one row per source figure). "More than
-- 200" and "at least 200" are bounds, not points (they agree with 215); "up to 15" agrees with
-- anything from 0 to 15; a subtotal ("including nine children") is no rival; a vague word
-- ("dozens") is no figure beside a number for the same outcome (docs/figures.md).
CREATE OR REPLACE VIEW disagreements AS
WITH claims AS (
    SELECT c.*, ie.incident_id,
           bool_or(coalesce(c.qualifier, '') <> 'vague') OVER (PARTITION BY ie.incident_id, c.outcome) AS has_number
    FROM casualty_claims c
    JOIN incident_events ie USING (event_id)
    WHERE NOT c.is_subtotal
), figures AS (
    SELECT c.incident_id, c.outcome, c.victim_group, lower(coalesce(c.claimed_by, 'unattributed')) AS speaker,
           min(coalesce(c.claimed_by, 'unattributed')) AS claimed_by,   -- one speaker whatever its case
           max(c.count_low) AS count_low, any_value(c.qualifier) AS qualifier,
           max(CASE WHEN c.qualifier = 'up_to' THEN 0 ELSE c.count_low END) AS bound_low,
           max(CASE WHEN c.count_high IS NOT NULL THEN c.count_high
                    WHEN c.qualifier IN ('at_least', 'more_than', 'vague') THEN 2147483647
                    ELSE c.count_low END) AS bound_high,
           string_agg(DISTINCT a.outlet, ', ') AS outlets, any_value(c.evidence) AS evidence
    FROM claims c
    JOIN articles a ON a.article_id = c.article_id
    WHERE coalesce(c.qualifier, '') <> 'vague' OR NOT c.has_number
    GROUP BY ALL
), spread AS (
    SELECT incident_id, outcome, victim_group FROM figures GROUP BY ALL HAVING max(bound_low) > min(bound_high)
)
SELECT i.incident_id, i.event_type, i.date_start, i.location_name, i.admin1, f.outcome, f.victim_group,
       f.claimed_by, f.count_low, f.qualifier, f.outlets, f.evidence
FROM figures f
JOIN spread USING (incident_id, outcome, victim_group)
JOIN incidents i USING (incident_id)
ORDER BY i.date_start, i.incident_id, f.outcome, f.victim_group, f.count_low;

-- Source coverage: which outlets report which incidents, and how soon after the first report.
CREATE OR REPLACE VIEW source_coverage AS
WITH per_outlet AS (
    SELECT ie.incident_id,
           coalesce(a.outlet, 'unknown outlet') AS outlet,
           min(a.published_date) AS published_date,
           bool_or(ie.near_duplicate_of IS NOT NULL) AS is_copy_of_earlier_story
    FROM incident_events ie
    JOIN articles a ON a.article_id = ie.article_id
    GROUP BY ALL
)
SELECT p.incident_id, i.event_type, i.date_start, i.location_name, p.outlet, p.published_date,
       p.published_date - i.first_reported AS days_after_first_report, p.is_copy_of_earlier_story
FROM per_outlet p
JOIN incidents i USING (incident_id);
