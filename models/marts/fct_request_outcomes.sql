-- Requests table (三、收到和处理政府信息公开申请情况) in canonical metrics: one row per
-- report x canonical metric x applicant type, every format side by side.

-- A view: its rows are stored once, in the table intermediate.int_canonical_values.
{{ config(materialized='view') }}

with

canonical_values as (

    select * from {{ ref('int_canonical_values') }}
    where section = 'requests'

),

final as (

    select
        report_id,
        agency_key,
        agency,
        year,
        format,
        metric,
        applicant_type,
        value,
        mapping_quality,
        qualifier,
        is_derived,
        source_metrics,
        n_parts,
        n_parts_valued

    from canonical_values

)

select * from final
