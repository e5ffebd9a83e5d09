-- One reading per report x metric x applicant type. Where the parser emitted a figure twice
-- (stated twice in a prose-only report), keep the most exact reading, then the first line.
-- Repeats are rare: they are found through a 64-bit hash of the key (equal neighbours once
-- the hashes are sorted: cheaper than grouping millions of them), and only the rows of
-- repeated hashes go through the window that picks one reading.
-- A view (the project default for intermediate models): its two readers, int_canonical_values
-- and int_proactive_values, are tables, so the readings are computed once for each and never
-- stored as a second copy of the 13.8M staging rows of 100,000 reports.

with

staging_rows as not materialized (

    select
        *,
        hash(report_id, metric, applicant_type) as reading_hash

    from {{ ref('stg_ogi__staging_rows') }}

),

sorted_hashes as (

    select
        reading_hash,
        lead(reading_hash) over (order by reading_hash) as next_hash

    from staging_rows

),

repeated_hashes as (

    select distinct reading_hash
    from sorted_hashes
    where reading_hash = next_hash

),

single_readings as (

    select
        *,
        1 as n_readings

    from staging_rows
    anti join repeated_hashes
        on staging_rows.reading_hash = repeated_hashes.reading_hash

),

ranked_repeats as (

    select
        staging_rows.*,
        count(*) over readings as n_readings,
        row_number() over (
            readings
            order by is_ambiguous, value is null, qualifier is not null, line
        ) as reading_rank

    from staging_rows
    semi join repeated_hashes
        on staging_rows.reading_hash = repeated_hashes.reading_hash
    window readings as (partition by report_id, metric, applicant_type)

),

best_repeats as (

    select * exclude (reading_rank)
    from ranked_repeats
    where reading_rank = 1

),

deduplicated as (

    select
        report_id,
        format,
        section,
        metric,
        applicant_type,
        value,
        unit,
        qualifier,
        raw,
        line,
        n_readings

    from (
        select * from single_readings
        union all by name
        select * from best_repeats
    ) as readings

)

select * from deduplicated
