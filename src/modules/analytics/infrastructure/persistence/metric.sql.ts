/**
 * Set-based metric ingestion: one statement per batch (one round trip, one plan, no per-row
 * statements) over unnest(typed arrays). The series key is md5 of the canonical jsonb text (jsonb
 * sorts its keys), so {"a":"1","b":"2"} and {"b":"2","a":"1"} are one series; new series are
 * registered in metric_series by the same statement. A point sent twice (same series and time)
 * is kept once: the answer counts the points really written.
 */
export const INGEST_METRICS = `
  WITH p AS (
    SELECT u.name, md5(u.tags::text) AS series, u.recorded_at, u.value, u.unit, u.tags
    FROM unnest($2::text[], $3::timestamptz[], $4::float8[], $5::text[], $6::jsonb[]) AS u(name, recorded_at, value, unit, tags)
  ), new_series AS (
    INSERT INTO metric_series (organization_id, name, series, tags)
    SELECT DISTINCT ON (name, series) $1, name, series, tags FROM p
    ON CONFLICT DO NOTHING
  ), written AS (
    INSERT INTO metrics (organization_id, name, series, recorded_at, value, unit, tags)
    SELECT $1, name, series, recorded_at, value, unit, tags FROM p
    ON CONFLICT DO NOTHING
    RETURNING 1
  )
  SELECT count(*)::integer AS written FROM written`;

/**
 * The series of the name whose tags contain the filter (metric_series, GIN), then each series' key
 * range (organization_id, name, series, recorded_at) in the partitions the window keeps (pruned at
 * plan time with literals, at run time with parameters).
 */
const POINTS = (tags: string) => `
  FROM metrics
  WHERE organization_id = $1 AND name = $2 AND recorded_at >= $3 AND recorded_at < $4
    AND series IN (SELECT s.series FROM metric_series s WHERE s.organization_id = $1 AND s.name = $2 AND s.tags @> ${tags}::jsonb)`;

/** One series (or every series of the name matching the tags) downsampled into buckets. */
export const DOWNSAMPLE_METRICS = `
  SELECT date_bin(make_interval(secs => $5::double precision), recorded_at, timestamptz '2000-01-03 00:00:00+00') AS bucket,
         avg(value) AS avg, min(value) AS min, max(value) AS max, sum(value) AS sum, count(*)::integer AS count,
         percentile_cont(0.95) WITHIN GROUP (ORDER BY value) AS p95, max(unit) AS unit
  ${POINTS('$6')}
  GROUP BY 1 ORDER BY 1`;

/** Hourly averages of a series, for the seasonal baseline. */
export const HOURLY_METRICS = `
  SELECT date_bin('1 hour', recorded_at, timestamptz '2000-01-03 00:00:00+00') AS at, avg(value) AS value
  ${POINTS('$5')}
  GROUP BY 1 ORDER BY 1`;

export const AVERAGE_METRICS = `
  SELECT avg(value) AS value, count(*)::integer AS count
  ${POINTS('$5')}`;

/** The organization's metric names with their series count and the last point (last 30 days). */
export const METRIC_NAMES = `
  SELECT name, count(DISTINCT series)::integer AS series, max(recorded_at) AS last_at, max(unit) AS unit
  FROM metrics
  WHERE organization_id = $1 AND recorded_at >= now() - interval '30 days'
  GROUP BY name ORDER BY name LIMIT 1000`;
