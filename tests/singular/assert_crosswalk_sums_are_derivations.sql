-- Every v2019/v2021 crosswalk row into a request, review or litigation metric is a sum that
-- seeds/metric_derivations.csv computes, and every derived metric of the catalog has its parts:
-- the seeds must not drift apart.

with

crosswalk as (

    select * from {{ ref('crosswalk') }}

),

derivations as (

    select * from {{ ref('metric_derivations') }}

),

metrics as (

    select * from {{ ref('metrics') }}

),

crosswalk_sums_not_derived as (

    select crosswalk.from_metric as metric, 'crosswalk sum missing from metric_derivations' as problem
    from crosswalk
    left join derivations
        on crosswalk.from_metric = derivations.part_metric
        and crosswalk.to_metric = derivations.derived_metric
    where crosswalk.from_format in ('v2019', 'v2021')
        and not starts_with(crosswalk.to_metric, 'proactive.')
        and derivations.part_metric is null

),

derived_without_parts as (

    select metrics.metric, 'derived metric without parts' as problem
    from metrics
    left join derivations
        on metrics.metric = derivations.derived_metric
    where metrics.formats = 'derived'
        and derivations.derived_metric is null

)

select * from crosswalk_sums_not_derived
union all
select * from derived_without_parts
