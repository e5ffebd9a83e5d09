{{ config(materialized='table') }}

-- Every canonical request, review and litigation figure of every report, whatever its format:
-- one row per report x canonical metric x applicant type.

with

native as (

    select * from {{ ref('int_canonical_values__native') }}

),

crosswalked as (

    select * from {{ ref('int_canonical_values__crosswalked') }}

),

derived as (

    select * from {{ ref('int_canonical_values__derived') }}

),

reports as (

    select * from {{ ref('stg_ogi__reports') }}

),

metrics as (

    select * from {{ ref('metrics') }}

),

canonical_values as (

    select * from native
    union all by name
    select * from crosswalked
    union all by name
    select * from derived

),

final as (

    select
        canonical_values.report_id,
        reports.agency_key,
        reports.agency,
        reports.year,
        reports.format,
        metrics.section,
        canonical_values.metric,
        canonical_values.applicant_type,
        canonical_values.value,
        canonical_values.qualifier,
        canonical_values.mapping_quality,
        canonical_values.is_derived,
        canonical_values.source_metrics,
        canonical_values.n_parts,
        canonical_values.n_parts_valued

    from canonical_values
    inner join reports
        on canonical_values.report_id = reports.report_id
    inner join metrics
        on canonical_values.metric = metrics.metric

)

select * from final
