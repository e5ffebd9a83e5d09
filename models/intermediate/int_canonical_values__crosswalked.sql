-- Pre-2019 figures mapped onto canonical metrics through the crosswalk. Several legacy rows
-- with one target are summed (see macros/sum_of_parts.sql); the quality is the worst of every
-- crosswalk row feeding that target, and source_metrics lists those rows (n_parts of them were
-- found in the report); `none` mappings stay out.

with

report_values as (

    select * from {{ ref('int_report_values') }}

),

crosswalk as (

    select * from {{ ref('crosswalk') }}
    where from_format = 'pre2019'
        and quality <> 'none'

),

mapping_rules as (

    select
        from_format,
        to_metric,
        {{ worst_mapping_quality('quality') }} as mapping_quality,
        string_agg(from_metric, ' + ' order by from_metric) as source_metrics

    from crosswalk
    group by from_format, to_metric

),

mapped_cells as (

    select
        report_values.report_id,
        report_values.format,
        crosswalk.to_metric as metric,
        report_values.applicant_type,
        report_values.metric as from_metric,
        report_values.value,
        report_values.qualifier

    from report_values
    inner join crosswalk
        on report_values.format = crosswalk.from_format
        and report_values.metric = crosswalk.from_metric

),

summed as (

    select
        report_id,
        format,
        metric,
        applicant_type,
        {{ sum_of_parts('value', 'qualifier') }} as value,
        {{ combined_qualifier('qualifier') }} as qualifier,
        count(*) as n_parts,
        count(value) as n_parts_valued

    from mapped_cells
    group by report_id, format, metric, applicant_type

),

final as (

    select
        summed.report_id,
        summed.metric,
        summed.applicant_type,
        summed.value,
        summed.qualifier,
        mapping_rules.mapping_quality,
        false as is_derived,
        mapping_rules.source_metrics,
        summed.n_parts,
        summed.n_parts_valued

    from summed
    inner join mapping_rules
        on summed.format = mapping_rules.from_format
        and summed.metric = mapping_rules.to_metric

)

select * from final
