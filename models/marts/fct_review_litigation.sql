-- Administrative reviews and lawsuits about disclosure decisions (四、复议诉讼): one row per
-- report x canonical metric. litigation_all.* (direct + after review) is comparable across
-- all formats; pre-2019 tables do not split direct suits from suits after review.

-- A view: its rows are stored once, in the table intermediate.int_canonical_values.
{{ config(materialized='view') }}

with

canonical_values as (

    select * from {{ ref('int_canonical_values') }}
    where section = 'review_litigation'

),

final as (

    select
        report_id,
        agency_key,
        agency,
        year,
        format,
        metric,
        split_part(metric, '.', 1) as proceeding,
        split_part(metric, '.', 2) as result,
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
