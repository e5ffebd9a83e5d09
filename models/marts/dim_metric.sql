-- The metric catalog with its hierarchy. The parent of a code is its longest prefix that is a
-- code itself (requests.outcome.withheld.state_secret -> requests.outcome.withheld) or, failing
-- that, the `.total` of such a prefix (review.upheld -> review.total).

with recursive

metrics as (

    select * from {{ ref('metrics') }}

),

crosswalk_targets as (

    select distinct from_metric, to_metric, quality
    from {{ ref('crosswalk') }}

),

prefixes as (

    select
        metrics.metric,
        prefix_length,
        array_to_string(string_split(metrics.metric, '.')[1:prefix_length], '.') as prefix

    from metrics
    cross join unnest(range(1, len(string_split(metrics.metric, '.')))) as lengths (prefix_length)

),

parent_candidates as (

    select
        prefixes.metric,
        candidates.metric as parent_metric,
        prefixes.prefix_length * 2 + (candidates.metric = prefixes.prefix)::integer as priority

    from prefixes
    inner join metrics as candidates
        on candidates.metric in (prefixes.prefix, prefixes.prefix || '.total')
        and candidates.metric <> prefixes.metric

),

parents as (

    select
        metric,
        arg_max(parent_metric, priority) as parent_metric

    from parent_candidates
    group by metric

),

ancestry (metric, ancestor, depth) as (

    select metric, parent_metric, 1
    from parents

    union all

    select ancestry.metric, parents.parent_metric, ancestry.depth + 1
    from ancestry
    inner join parents
        on ancestry.ancestor = parents.metric

),

levels as (

    select metric, max(depth) as n_ancestors
    from ancestry
    group by metric

),

final as (

    select
        metrics.metric,
        metrics.label_zh,
        metrics.section,
        coalesce(levels.n_ancestors, 0) + 1 as level,
        parents.parent_metric,
        metrics.unit,
        metrics.formats,
        metrics.by_applicant = 'yes' as by_applicant,
        not starts_with(metrics.metric, 'legacy.') as is_canonical,
        metrics.formats = 'derived' as is_derived,
        crosswalk_targets.to_metric as maps_to_metric,
        crosswalk_targets.quality as maps_to_quality,
        metrics.notes

    from metrics
    left join parents
        on metrics.metric = parents.metric
    left join levels
        on metrics.metric = levels.metric
    left join crosswalk_targets
        on metrics.metric = crosswalk_targets.from_metric

)

select * from final
