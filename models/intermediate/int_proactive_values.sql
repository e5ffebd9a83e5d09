{{ config(materialized='table') }}

-- Proactive-disclosure figures (section 二 / legacy 一) per report and metric, plus the v2019
-- figures the crosswalk aligns with a 2021 metric (e.g. 本年新制作数量 -> 本年制发件数,
-- approximate), so both formats fill the comparable columns of fct_proactive_disclosure.
-- A table: small (about 13 rows a report), and read by that mart and by its own test.

with

report_values as (

    select * from {{ ref('int_report_values') }}
    where section = 'proactive'

),

crosswalk as (

    select * from {{ ref('crosswalk') }}
    where quality <> 'none'
        and starts_with(to_metric, 'proactive.')

),

printed as (

    select
        report_id,
        metric,
        value,
        qualifier,
        unit,
        'native' as mapping_quality,
        metric as source_metrics

    from report_values

),

aligned as (

    select
        report_values.report_id,
        crosswalk.to_metric as metric,
        {{ sum_of_parts('report_values.value', 'report_values.qualifier') }} as value,
        {{ combined_qualifier('report_values.qualifier') }} as qualifier,
        min(report_values.unit) as unit,
        {{ worst_mapping_quality('crosswalk.quality') }} as mapping_quality,
        string_agg(report_values.metric, ' + ' order by report_values.metric) as source_metrics

    from report_values
    inner join crosswalk
        on report_values.format = crosswalk.from_format
        and report_values.metric = crosswalk.from_metric
    group by report_values.report_id, crosswalk.to_metric

),

printed_targets as (

    select printed.report_id, printed.metric
    from printed
    semi join crosswalk
        on printed.metric = crosswalk.to_metric

),

aligned_not_printed as (

    select aligned.*
    from aligned
    anti join printed_targets
        on aligned.report_id = printed_targets.report_id
        and aligned.metric = printed_targets.metric

),

proactive_values as (

    select * from printed
    union all by name
    select * from aligned_not_printed

)

select * from proactive_values
