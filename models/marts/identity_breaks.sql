{#- Every failed identity check (quality.identity_checks, written by the GX checkpoint) in words
    an analyst reads: which report, which rows of its tables, both sides' numbers. -#}
{{ config(tags=['quality']) }}

with

failed as (
    select * from {{ ref('stg_ogi__identity_checks') }}
    where status = 'failed'
),

terms as (
    select report_id, identity, scope, left_terms, right_terms
    from {{ ref('int_identity_terms') }}
),

-- each failed check with the terms of both sides (null when the check is not in the model)
failed_terms as (
    select
        f.*,
        f.identity = 'carry_chain' as right_from_previous_year,
        t.left_terms,
        t.right_terms,
        hash(f.identity = 'carry_chain', t.left_terms, t.right_terms) as lists_key
    from failed as f
    left join terms as t
        on f.report_id = t.report_id
        and f.identity = t.identity
        and f.scope = t.scope
),

-- the lists of terms come from a short catalog (the terms of each identity and scope), so
-- they are labelled once per distinct pair of lists, found through a 64-bit hash of the pair
-- (two pairs with one hash would share labels: the build stops instead, see term_labels)
distinct_lists as (
    select
        *,
        count(*) over (partition by lists_key) > 1 as shared_key
    from (
        select distinct lists_key, right_from_previous_year, left_terms, right_terms
        from failed_terms
    ) as pairs
),

-- one row per term of a list, in the order the identity lists them
term_rows as (
    select
        l.lists_key,
        l.right_from_previous_year,
        l.left_terms,
        l.right_terms,
        l.shared_key,
        side.side,
        unnest(case when side.side = 'left' then l.left_terms else l.right_terms end) as term,
        generate_subscripts(
            case when side.side = 'left' then l.left_terms else l.right_terms end, 1
        ) as position
    from distinct_lists as l
    cross join (values ('left'), ('right')) as side (side)
),

term_labels as (
    select
        r.lists_key,
        r.side,
        r.position,
        case when r.shared_key
            then error('identity_breaks: two lists of terms share the hash ' || r.lists_key)
            else '' end
            || case when r.right_from_previous_year and r.side = 'right' then '上年报告 ' else '' end
            || coalesce(m.label_zh, split_part(r.term, '@', 1))
            || case when m.by_applicant = 'yes'
                then '（' || coalesce(a.label_zh, split_part(r.term, '@', 2)) || '）'
                else '' end as label
    from term_rows as r
    left join {{ ref('metrics') }} as m on split_part(r.term, '@', 1) = m.metric
    left join {{ ref('applicant_types') }} as a on split_part(r.term, '@', 2) = a.applicant_type
),

list_labels as (
    select
        lists_key,
        string_agg(label, ' + ' order by position) filter (where side = 'left') as left_rows_zh,
        string_agg(label, ' + ' order by position) filter (where side = 'right') as right_rows_zh
    from term_labels
    group by lists_key
)

select
    f.report_id,
    r.agency,
    r.year,
    r.format,
    r.source,
    f.identity,
    i.rule as identity_rule,
    f.severity,
    f.scope,
    case
        when f.scope = 'report' then '全表'
        else coalesce(
            a.label_zh,
            m.label_zh
                || coalesce('（' || sa.label_zh || '）', ''),
            f.scope
        )
    end as scope_zh,
    l.left_rows_zh,
    l.right_rows_zh,
    f.left_value,
    f.right_value,
    f.difference,
    f.detail
from failed_terms as f
inner join {{ ref('stg_ogi__reports') }} as r on f.report_id = r.report_id
left join {{ ref('identities') }} as i on f.identity = i.identity
left join list_labels as l on f.lists_key = l.lists_key
left join {{ ref('applicant_types') }} as a on f.scope = a.applicant_type
left join {{ ref('metrics') }} as m on split_part(f.scope, '@', 1) = m.metric
left join {{ ref('applicant_types') }} as sa on split_part(f.scope, '@', 2) = sa.applicant_type
