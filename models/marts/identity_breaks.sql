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

-- one row per term of a failed check, in the order the identity lists them
term_rows as (
    select
        f.report_id,
        f.identity,
        f.scope,
        side.side,
        unnest(case when side.side = 'left' then t.left_terms else t.right_terms end) as term,
        generate_subscripts(
            case when side.side = 'left' then t.left_terms else t.right_terms end, 1
        ) as position
    from failed as f
    inner join terms as t
        on f.report_id = t.report_id
        and f.identity = t.identity
        and f.scope = t.scope
    cross join (values ('left'), ('right')) as side (side)
),

term_labels as (
    select
        r.report_id,
        r.identity,
        r.scope,
        r.side,
        r.position,
        case when r.identity = 'carry_chain' and r.side = 'right' then '上年报告 ' else '' end
            || coalesce(m.label_zh, split_part(r.term, '@', 1))
            || case when m.by_applicant = 'yes'
                then '（' || coalesce(a.label_zh, split_part(r.term, '@', 2)) || '）'
                else '' end as label
    from term_rows as r
    left join {{ ref('metrics') }} as m on split_part(r.term, '@', 1) = m.metric
    left join {{ ref('applicant_types') }} as a on split_part(r.term, '@', 2) = a.applicant_type
),

sides as (
    select
        report_id,
        identity,
        scope,
        string_agg(label, ' + ' order by position) filter (where side = 'left') as left_rows_zh,
        string_agg(label, ' + ' order by position) filter (where side = 'right') as right_rows_zh
    from term_labels
    group by all
),

scope_labels as (
    select
        f.report_id,
        f.identity,
        f.scope,
        case
            when f.scope = 'report' then '全表'
            else coalesce(
                a.label_zh,
                m.label_zh
                    || coalesce('（' || sa.label_zh || '）', ''),
                f.scope
            )
        end as scope_zh
    from failed as f
    left join {{ ref('applicant_types') }} as a on f.scope = a.applicant_type
    left join {{ ref('metrics') }} as m on split_part(f.scope, '@', 1) = m.metric
    left join {{ ref('applicant_types') }} as sa on split_part(f.scope, '@', 2) = sa.applicant_type
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
    l.scope_zh,
    s.left_rows_zh,
    s.right_rows_zh,
    f.left_value,
    f.right_value,
    f.difference,
    f.detail
from failed as f
inner join {{ ref('stg_ogi__reports') }} as r on f.report_id = r.report_id
left join {{ ref('identities') }} as i on f.identity = i.identity
left join sides as s
    on f.report_id = s.report_id and f.identity = s.identity and f.scope = s.scope
left join scope_labels as l
    on f.report_id = l.report_id and f.identity = l.identity and f.scope = l.scope
