-- Figures a v2019/v2021 report prints under a canonical request, review or litigation code.

with

report_values as (

    select * from {{ ref('int_report_values') }}

),

metrics as (

    select * from {{ ref('metrics') }}

),

native as (

    select
        report_values.report_id,
        report_values.metric,
        report_values.applicant_type,
        report_values.value,
        report_values.qualifier,
        'native' as mapping_quality,
        false as is_derived,
        report_values.metric as source_metrics,
        1 as n_parts,
        (report_values.value is not null)::integer as n_parts_valued

    from report_values
    inner join metrics
        on report_values.metric = metrics.metric
    where report_values.format in ('v2019', 'v2021')
        and metrics.section in ('requests', 'review_litigation')
        and metrics.formats <> 'derived'
        and not starts_with(metrics.metric, 'legacy.')

)

select * from native
