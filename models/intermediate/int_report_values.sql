{{ config(materialized='table') }}

-- One reading per report x metric x applicant type. Where the parser emitted a figure twice
-- (stated twice in a prose-only report), keep the most exact reading, then the first line.

with

staging_rows as (

    select * from {{ ref('stg_ogi__staging_rows') }}

),

ranked as (

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
        count(*) over readings as n_readings,
        row_number() over (
            readings
            order by is_ambiguous, value is null, qualifier is not null, line
        ) as reading_rank

    from staging_rows
    window readings as (partition by report_id, metric, applicant_type)

),

deduplicated as (

    select * exclude (reading_rank)
    from ranked
    where reading_rank = 1

)

select * from deduplicated
