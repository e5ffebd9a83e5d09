-- Canonical metrics no table prints as one cell, summed from their parts
-- (seeds/metric_derivations.csv): requests.outcome.other for 2021 reports, the withheld /
-- unable / not_processed headings, litigation_all.* = direct + after review. Computed only
-- where the report does not already carry the metric (printed, or mapped from the crosswalk).

with

native as (

    select * from {{ ref('int_canonical_values__native') }}

),

crosswalked as (

    select * from {{ ref('int_canonical_values__crosswalked') }}

),

derivations as (

    select * from {{ ref('metric_derivations') }}

),

derivation_rules as (

    select
        derived_metric,
        string_agg(part_metric, ' + ' order by part_metric) as source_metrics

    from derivations
    group by derived_metric

),

reported as (

    select * from native
    union all by name
    select * from crosswalked

),

already_reported as (

    select reported.*
    from reported
    semi join derivations
        on reported.metric = derivations.derived_metric

),

parts as (

    select
        reported.report_id,
        derivations.derived_metric as metric,
        reported.applicant_type,
        reported.value,
        reported.qualifier,
        reported.mapping_quality

    from reported
    inner join derivations
        on reported.metric = derivations.part_metric

),

summed as (

    select
        report_id,
        metric,
        applicant_type,
        {{ sum_of_parts('value', 'qualifier') }} as value,
        {{ combined_qualifier('qualifier') }} as qualifier,
        {{ worst_mapping_quality('mapping_quality', floor='equivalent') }} as mapping_quality,
        true as is_derived,
        count(*) as n_parts,
        count(value) as n_parts_valued

    from parts
    group by report_id, metric, applicant_type

),

not_already_reported as (

    select
        summed.*,
        derivation_rules.source_metrics

    from summed
    inner join derivation_rules
        on summed.metric = derivation_rules.derived_metric
    anti join already_reported
        on summed.report_id = already_reported.report_id
        and summed.metric = already_reported.metric
        and summed.applicant_type is not distinct from already_reported.applicant_type

)

select * from not_already_reported
