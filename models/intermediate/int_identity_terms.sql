{#-
  The arithmetic identities (勾稽关系) of shared/spec/identities.csv, evaluated per report:
  one row per report x identity x scope with both sides' numbers. Great Expectations
  (expectations/checkpoint.py) validates `difference` and writes quality.identity_checks.

  Blank-cell rule (docs in int_identity_terms.yml):
  - a blank part (printed, value null) inside the identity tables counts as zero;
  - a blank aggregate cell (a 总计 row, any cell of the 总计 column, the total of a sum, the
    parent of a 其中 row) means "not filled", not zero: the check is `not_checkable`;
  - each side needs at least one printed figure, else `not_checkable`;
  - a term whose row is not printed at all (not in the staging rows) makes it
    `not_checkable`, unless the term is optional (the six-channel rows of old tables);
  - a term that is ambiguous, approximate (余/约) or printed twice with different values makes
    it `not_checkable`.
  `difference` is null exactly when the check is not checkable.
-#}
{{ config(materialized='table') }}


{%- set applicant_types = ['natural_person', 'commercial_enterprise', 'research_institution',
    'social_welfare_org', 'legal_service_org', 'other_org', 'total'] -%}
{%- set outcome_parts = [
    'requests.outcome.disclosed', 'requests.outcome.partially_disclosed',
    'requests.outcome.withheld.state_secret', 'requests.outcome.withheld.prohibited_by_law',
    'requests.outcome.withheld.security_stability', 'requests.outcome.withheld.third_party_rights',
    'requests.outcome.withheld.internal_affairs', 'requests.outcome.withheld.process_information',
    'requests.outcome.withheld.enforcement_file', 'requests.outcome.withheld.administrative_query',
    'requests.outcome.unable.not_held', 'requests.outcome.unable.needs_creation',
    'requests.outcome.unable.unclear_after_correction',
    'requests.outcome.not_processed.petition_complaint', 'requests.outcome.not_processed.duplicate',
    'requests.outcome.not_processed.publication', 'requests.outcome.not_processed.excessive',
    'requests.outcome.not_processed.confirm_or_reissue'] -%}
{#- scope: 'applicant' = one check per applicant column; anything else is the scope itself.
    A metric ending in '?' is optional: absent means zero. -#}
{%- set identities = [
  {'id': 'flow_balance', 'formats': ['v2019', 'v2021'], 'scope': 'applicant',
   'left': ['requests.new_received', 'requests.carried_over_in'],
   'right': ['requests.outcome.total', 'requests.carried_over_out']},
  {'id': 'outcome_sum_2019', 'formats': ['v2019'], 'scope': 'applicant',
   'left': ['requests.outcome.total'], 'right': outcome_parts + ['requests.outcome.other']},
  {'id': 'outcome_sum_2021', 'formats': ['v2021'], 'scope': 'applicant',
   'left': ['requests.outcome.total'],
   'right': outcome_parts + ['requests.outcome.other.no_correction',
     'requests.outcome.other.fee_unpaid', 'requests.outcome.other.other']},
  {'id': 'review_sum', 'formats': ['v2019', 'v2021'], 'scope': 'report',
   'left': ['review.total'],
   'right': ['review.upheld', 'review.corrected', 'review.other', 'review.pending']},
  {'id': 'litigation_direct_sum', 'formats': ['v2019', 'v2021'], 'scope': 'report',
   'left': ['litigation_direct.total'],
   'right': ['litigation_direct.upheld', 'litigation_direct.corrected',
     'litigation_direct.other', 'litigation_direct.pending']},
  {'id': 'litigation_after_review_sum', 'formats': ['v2019', 'v2021'], 'scope': 'report',
   'left': ['litigation_after_review.total'],
   'right': ['litigation_after_review.upheld', 'litigation_after_review.corrected',
     'litigation_after_review.other', 'litigation_after_review.pending']},
  {'id': 'legacy_received_channels', 'formats': ['pre2019'], 'scope': 'report',
   'left': ['legacy.requests.received'],
   'right': ['legacy.requests.received.in_person', 'legacy.requests.received.fax',
     'legacy.requests.received.online', 'legacy.requests.received.letter',
     'legacy.requests.received.email?', 'legacy.requests.received.other?']},
  {'id': 'legacy_closed_split', 'formats': ['pre2019'], 'scope': 'report',
   'left': ['legacy.requests.closed'],
   'right': ['legacy.requests.closed.on_time', 'legacy.requests.closed.extended']},
  {'id': 'legacy_answered_sum', 'formats': ['pre2019'], 'scope': 'report',
   'left': ['legacy.requests.answered'],
   'right': ['legacy.requests.answered.already_public', 'legacy.requests.answered.agreed',
     'legacy.requests.answered.partially_agreed', 'legacy.requests.answered.refused',
     'legacy.requests.answered.not_this_agency', 'legacy.requests.answered.not_exist',
     'legacy.requests.answered.told_to_amend', 'legacy.requests.answered.told_other_channel']},
  {'id': 'legacy_refused_reasons', 'formats': ['pre2019'], 'scope': 'report',
   'left': ['legacy.requests.answered.refused'],
   'right': ['legacy.requests.answered.refused.state_secret',
     'legacy.requests.answered.refused.commercial_secret',
     'legacy.requests.answered.refused.privacy',
     'legacy.requests.answered.refused.security_stability',
     'legacy.requests.answered.refused.not_government_information',
     'legacy.requests.answered.refused.other_legal']},
  {'id': 'legacy_review_sum', 'formats': ['pre2019'], 'scope': 'report',
   'left': ['legacy.review.total'],
   'right': ['legacy.review.upheld', 'legacy.review.corrected', 'legacy.review.other']},
  {'id': 'legacy_litigation_sum', 'formats': ['pre2019'], 'scope': 'report',
   'left': ['legacy.litigation.total'],
   'right': ['legacy.litigation.upheld', 'legacy.litigation.corrected',
     'legacy.litigation.other']},
  {'id': 'legacy_staff_sum', 'formats': ['pre2019'], 'scope': 'report',
   'left': ['legacy.capacity.staff'],
   'right': ['legacy.capacity.staff_fulltime', 'legacy.capacity.staff_parttime']},
  {'id': 'legacy_subset', 'formats': ['pre2019'], 'scope': 'legacy.proactive.normative_docs_published',
   'left': ['legacy.proactive.normative_docs_published'], 'right': ['legacy.proactive.items']},
  {'id': 'legacy_subset', 'formats': ['pre2019'],
   'scope': 'legacy.response.press_conferences_principal',
   'left': ['legacy.response.press_conferences_principal'],
   'right': ['legacy.response.press_conferences']},
  {'id': 'legacy_subset', 'formats': ['pre2019'],
   'scope': 'legacy.response.online_interviews_principal',
   'left': ['legacy.response.online_interviews_principal'],
   'right': ['legacy.response.online_interviews']},
] -%}

with

reports as (
    select report_id, format, agency_key, year
    from {{ ref('stg_ogi__reports') }}
),

-- one cell per report x metric x applicant column; metrics without an applicant split
-- (null) share the key 'total' with pre-2019 request metrics, which carry 'total'
cells as (
    select
        report_id,
        metric,
        coalesce(applicant_type, 'total') as applicant_type,
        min(value) as value,
        min(value) <> max(value) as conflicting,
        bool_or(qualifier = 'ambiguous') as ambiguous,
        bool_or(qualifier in ('more_than', 'about')) as approximate
    from {{ ref('stg_ogi__staging_rows') }}
    group by all
),

applicant_types (applicant_type, printed_order) as (
    values
    {%- for a in applicant_types %}
    ('{{ a }}', {{ loop.index }}){{ ',' if not loop.last }}
    {%- endfor %}
),

-- identity, format, scope ('applicant' = per column), side, term order, metric, optional
identity_spec (identity, format, scope, side, ordinal, metric, optional) as (
    values
    {%- set rows = [] -%}
    {%- for item in identities -%}
      {%- for fmt in item.formats -%}
        {%- for side in ['left', 'right'] -%}
          {%- for m in item[side] -%}
            {%- do rows.append("('" ~ item.id ~ "', '" ~ fmt ~ "', '" ~ item.scope ~ "', '" ~ side
                ~ "', " ~ loop.index ~ ", '" ~ m.rstrip('?') ~ "', " ~ ('true' if m.endswith('?') else 'false') ~ ")") -%}
          {%- endfor -%}
        {%- endfor -%}
      {%- endfor -%}
    {%- endfor %}
    {{ rows | join(',\n    ') }}
),

-- the report of the previous year for the same agency (agency_key: the name without
-- whitespace); the first by id when several
previous_reports as (
    select
        r.report_id as report_id_this_year,
        min(p.report_id) as report_id
    from reports as r
    inner join reports as p
        on p.agency_key = r.agency_key
        and p.year = r.year - 1
        and p.format in ('v2019', 'v2021')
    where r.format in ('v2019', 'v2021') and r.agency_key <> 'unknown'
    group by r.report_id
),

-- every term of every check: which cell (report, metric, applicant column) it reads
expanded as (
    select
        r.report_id,
        s.identity,
        case when s.scope = 'applicant' then a.applicant_type else s.scope end as scope,
        s.side,
        s.ordinal,
        r.report_id as term_report_id,
        s.metric,
        coalesce(a.applicant_type, 'total') as applicant_type,
        s.optional
    from reports as r
    inner join identity_spec as s on r.format = s.format
    left join applicant_types as a on s.scope = 'applicant'

    union all

    -- applicant_sum: each requests row, total column = the six applicant columns
    select
        r.report_id,
        'applicant_sum',
        m.metric,
        case when a.applicant_type = 'total' then 'left' else 'right' end,
        a.printed_order,
        r.report_id,
        m.metric,
        a.applicant_type,
        false
    from reports as r
    inner join {{ ref('metrics') }} as m
        on m.by_applicant = 'yes'
        and list_contains(string_split(m.formats, '|'), r.format)
    cross join applicant_types as a

    union all

    -- carry_chain: carried over in (year t) = carried over out (year t-1), same agency
    select
        r.report_id,
        'carry_chain',
        a.applicant_type,
        side.side,
        1,
        case when side.side = 'left' then r.report_id else p.report_id end,
        case when side.side = 'left' then 'requests.carried_over_in'
            else 'requests.carried_over_out' end,
        a.applicant_type,
        false
    from reports as r
    inner join previous_reports as p on r.report_id = p.report_id_this_year
    cross join applicant_types as a
    cross join (values ('left'), ('right')) as side (side)
),

terms as materialized (
    select
        e.*,
        c.value,
        c.metric is not null as present,
        coalesce(c.conflicting, false) as conflicting,
        coalesce(c.ambiguous, false) as ambiguous,
        coalesce(c.approximate, false) as approximate,
        e.metric || case when e.metric like 'requests.%' then '@' || e.applicant_type else '' end
            as term,
        -- aggregate cells: a blank there means "not filled", not zero
        e.metric like '%.total'
            or (e.metric like 'requests.%' and e.applicant_type = 'total')
            or (e.side = 'left'
                and e.identity not in ('flow_balance', 'carry_chain', 'legacy_subset'))
            or (e.side = 'right' and e.identity = 'legacy_subset') as aggregate
    from expanded as e
    left join cells as c
        on e.term_report_id = c.report_id
        and e.metric = c.metric
        and e.applicant_type = c.applicant_type
),

-- the arithmetic of every check: scalar aggregates only (lists of terms are built below for
-- the few checks an analyst reads)
sums as (
    select
        report_id,
        identity,
        scope,
        sum(value) filter (where side = 'left') as left_sum,
        sum(value) filter (where side = 'right') as right_sum,
        count(value) filter (where side = 'left') as left_printed,
        count(value) filter (where side = 'right') as right_printed,
        count(*) filter (where not present and not optional) as n_missing,
        count(*) filter (where ambiguous or approximate or conflicting) as n_inexact,
        count(*) filter (where present and value is null and not ambiguous and aggregate)
            as n_blank_total,
        max(term_report_id) filter (where term_report_id <> report_id) as other_report_id
    from terms
    group by all
),

flagged as (
    select
        report_id,
        identity,
        scope,
        case when left_printed > 0 then left_sum end as left_value,
        case when right_printed > 0 then right_sum end as right_value,
        n_missing = 0
            and n_inexact = 0
            and n_blank_total = 0
            and left_printed > 0
            and right_printed > 0 as checkable,
        other_report_id
    from sums
),

-- terms and reasons of the checks that are not checkable or whose sides differ
explained as (
    select
        t.report_id,
        t.identity,
        t.scope,
        list(t.term order by t.ordinal, t.applicant_type) filter (where t.side = 'left')
            as left_terms,
        list(t.term order by t.ordinal, t.applicant_type) filter (where t.side = 'right')
            as right_terms,
        list(t.term order by t.side, t.ordinal, t.applicant_type)
            filter (where not t.present and not t.optional) as missing,
        list(t.term order by t.side, t.ordinal, t.applicant_type) filter (where t.ambiguous)
            as ambiguous,
        list(t.term order by t.side, t.ordinal, t.applicant_type) filter (where t.approximate)
            as approximate,
        list(t.term order by t.side, t.ordinal, t.applicant_type) filter (where t.conflicting)
            as conflicting,
        list(t.term order by t.side, t.ordinal, t.applicant_type)
            filter (where t.present and t.value is null and not t.ambiguous and not t.aggregate)
            as blank,
        list(t.term order by t.side, t.ordinal, t.applicant_type)
            filter (where t.present and t.value is null and not t.ambiguous and t.aggregate)
            as blank_total,
        count(*) filter (where not t.optional) as n_required
    from terms as t
    semi join (
        select report_id, identity, scope from flagged
        where not checkable or left_value <> right_value
    ) as f using (report_id, identity, scope)
    group by all
),

sum_checks as (
    select
        f.report_id,
        f.identity,
        f.scope,
        f.left_value,
        f.right_value,
        f.checkable,
        e.left_terms,
        e.right_terms,
        nullif(concat_ws('; ',
            case when len(e.missing) > 0 and len(e.missing) = e.n_required
                then 'none of its rows printed'
                when len(e.missing) > 0 then 'not printed: ' || {{ terms_text('e.missing') }} end,
            case when len(e.ambiguous) > 0
                then 'ambiguous: ' || {{ terms_text('e.ambiguous') }} end,
            case when len(e.approximate) > 0
                then 'approximate: ' || {{ terms_text('e.approximate') }} end,
            case when len(e.conflicting) > 0
                then 'printed twice with different values: '
                    || {{ terms_text('e.conflicting') }} end,
            case when len(e.blank_total) > 0
                then 'total not filled (blank): ' || {{ terms_text('e.blank_total') }} end,
            case when f.left_value is null and coalesce(len(e.missing), 0) < e.n_required
                then 'nothing printed on the left side' end,
            case when f.right_value is null and coalesce(len(e.missing), 0) < e.n_required
                then 'nothing printed on the right side' end,
            case when f.checkable and len(e.blank) > 0
                then 'blank counted as zero: ' || {{ terms_text('e.blank') }} end,
            case when f.other_report_id is not null
                then 'right side from report ' || f.other_report_id || ' (previous year)' end
        ), '') as detail
    from flagged as f
    left join explained as e using (report_id, identity, scope)
),

-- non_negative: one row per negative cell; a report without one gets a single 'report' row
signed_cells as (
    select
        report_id,
        metric,
        applicant_type,
        value,
        case when metric like 'requests.%' then metric || '@' || applicant_type else metric end
            as scope
    from cells
    where value is not null
        and not (metric like 'proactive.%' and metric like '%.change')
),

non_negative as (
    select
        report_id,
        'non_negative' as identity,
        scope,
        value as left_value,
        0.0 as right_value,
        true as checkable,
        [scope] as left_terms,
        []::varchar[] as right_terms,
        'negative count: ' || scope || ' = ' || value as detail
    from signed_cells
    where value < 0

    union all

    select
        r.report_id,
        'non_negative',
        'report',
        min(s.value),
        0.0,
        count(s.value) > 0,
        []::varchar[],
        []::varchar[],
        case when count(s.value) = 0 then 'no printed figure' end
    from reports as r
    left join signed_cells as s on r.report_id = s.report_id
    group by r.report_id
    having coalesce(min(s.value), 0) >= 0
),

-- text_vs_table: each figure stated in the prose that disagrees with the table
text_vs_table as (
    select
        d.report_id,
        'text_vs_table' as identity,
        case when d.metric like 'requests.%'
            then d.metric || '@' || coalesce(d.applicant_type, 'total')
            else d.metric end as scope,
        coalesce(d.table_value, 0) as left_value,  -- a blank table cell reads as zero
        d.text_value as right_value,
        d.text_value is not null as checkable,
        [scope] as left_terms,
        [scope] as right_terms,
        'table ' || coalesce(d.table_value::varchar, 'blank')
            || ' vs text ' || coalesce(d.text_value::varchar, 'blank')
            || ' (line ' || coalesce(d.line::varchar, '?') || ': ' || coalesce(d.raw, '') || ')'
            as detail
    from {{ ref('stg_ogi__discrepancies') }} as d
    inner join reports as r on d.report_id = r.report_id
    where d.identity = 'text_vs_table'
    qualify row_number() over (
        partition by d.report_id, scope order by d.line, d.text_value
    ) = 1
),

checks as (
    select * from sum_checks
    union all by name
    select * from non_negative
    union all by name
    select * from text_vs_table
),

meta (identity, family, comparison) as (
    values
    ('flow_balance', 'requests', 'equal'),
    ('applicant_sum', 'requests', 'equal'),
    ('outcome_sum_2019', 'requests', 'equal'),
    ('outcome_sum_2021', 'requests', 'equal'),
    ('carry_chain', 'requests', 'equal'),
    ('review_sum', 'review_litigation', 'equal'),
    ('litigation_direct_sum', 'review_litigation', 'equal'),
    ('litigation_after_review_sum', 'review_litigation', 'equal'),
    ('legacy_received_channels', 'legacy', 'equal'),
    ('legacy_closed_split', 'legacy', 'equal'),
    ('legacy_answered_sum', 'legacy', 'equal'),
    ('legacy_refused_reasons', 'legacy', 'equal'),
    ('legacy_review_sum', 'legacy', 'equal'),
    ('legacy_litigation_sum', 'legacy', 'equal'),
    ('legacy_staff_sum', 'legacy', 'equal'),
    ('legacy_subset', 'legacy', 'at_most'),
    ('non_negative', 'proactive_other', 'at_least_zero'),
    ('text_vs_table', 'proactive_other', 'equal')
)

select
    row_number() over (order by c.report_id, c.identity, c.scope) as check_id,
    c.report_id,
    r.format,
    c.identity,
    m.family,
    c.scope,
    i.severity,
    m.comparison,
    c.left_value,
    c.right_value,
    case when c.checkable then round(c.left_value - c.right_value, 6) end as difference,
    c.checkable,
    c.left_terms,
    c.right_terms,
    c.detail
from checks as c
inner join reports as r on c.report_id = r.report_id
inner join meta as m on c.identity = m.identity
inner join {{ ref('identities') }} as i on c.identity = i.identity
