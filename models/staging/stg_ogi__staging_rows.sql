with

source as (

    select * from {{ source('raw', 'staging_rows') }}

),

typed as (

    select
        report_id,
        source,
        agency,
        year,
        format,
        section,
        metric,
        applicant_type,
        value,
        unit,
        qualifier,
        raw,
        line,
        value is null and qualifier is null as is_blank,
        coalesce(qualifier = 'ambiguous', false) as is_ambiguous,
        starts_with(metric, 'legacy.') as is_legacy_metric

    from source

)

select * from typed
