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

  How it stays cheap on millions of cells: the terms of every check are a small catalog per
  format (`catalog_terms`, a few hundred rows), each term a numbered bit of its check. The
  staging rows of the cells some term reads are joined to the catalog on integer keys
  (report, cell, check) and summed per check, with one bit mask per property of its terms
  (present, ambiguous, blank, ...); a cell read twice (rare) shows as more readings than
  terms, and only the reports where that happens are redone with one value per cell. The
  lists of terms and the reasons in `detail` are built from the masks and the catalog, only
  for the checks an analyst reads (not checkable, or sides that differ); check_id is a sort
  on integers (report, identity, scope ranks).
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
{%- set other_rows_2021 = ['requests.outcome.other.no_correction',
    'requests.outcome.other.fee_unpaid', 'requests.outcome.other.other'] -%}
{#- scope: 'applicant' = one check per applicant column; anything else is the scope itself.
    A metric ending in '?' is optional: absent means zero. `alternatives`: two ways a report
    prints the same part of the right side; the first is read when it is printed in full,
    else the second, and only when neither is printed in full are the first's rows missing:
    （六）其他处理 is one row in the 2019 template and three in the 2021 one, and tables of
    either format print the other's (docs/CONTRACTS.md). -#}
{%- set identities = [
  {'id': 'flow_balance', 'formats': ['v2019', 'v2021'], 'scope': 'applicant',
   'left': ['requests.new_received', 'requests.carried_over_in'],
   'right': ['requests.outcome.total', 'requests.carried_over_out']},
  {'id': 'outcome_sum_2019', 'formats': ['v2019'], 'scope': 'applicant',
   'left': ['requests.outcome.total'], 'right': outcome_parts,
   'alternatives': [['requests.outcome.other'], other_rows_2021]},
  {'id': 'outcome_sum_2021', 'formats': ['v2021'], 'scope': 'applicant',
   'left': ['requests.outcome.total'], 'right': outcome_parts,
   'alternatives': [other_rows_2021, ['requests.outcome.other']]},
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
{#- the terms of a check are numbered bits of a BIGINT mask -#}
{%- for item in identities if (item.left | length) + (item.right | length)
    + (item.get('alternatives', []) | sum(start=[]) | length) > 62 -%}
  {{ exceptions.raise_compiler_error('identity ' ~ item.id ~ ' has more than 62 terms') }}
{%- endfor %}

with

-- report_key: an integer in report_id order (joins and sorts on it are cheap)
reports as (
    select
        report_id,
        format,
        agency_key,
        year,
        row_number() over (order by report_id) as report_key
    from {{ ref('stg_ogi__reports') }}
),

formats as (
    select distinct format from reports
),

applicant_types (applicant_type, printed_order) as (
    values
    {%- for a in applicant_types %}
    ('{{ a }}', {{ loop.index }}){{ ',' if not loop.last }}
    {%- endfor %}
),

-- identity, format, scope ('applicant' = per column), side, term order, metric, optional,
-- alternative (0: none; 1, 2: the first or second way to print a part, see above)
identity_spec (identity, format, scope, side, ordinal, metric, optional, alternative) as (
    values
    {%- set rows = [] -%}
    {%- for item in identities -%}
      {%- for fmt in item.formats -%}
        {%- for side in ['left', 'right'] -%}
          {%- for m in item[side] -%}
            {%- do rows.append("('" ~ item.id ~ "', '" ~ fmt ~ "', '" ~ item.scope ~ "', '" ~ side
                ~ "', " ~ loop.index ~ ", '" ~ m.rstrip('?') ~ "', " ~ ('true' if m.endswith('?') else 'false') ~ ", 0)") -%}
          {%- endfor -%}
        {%- endfor -%}
        {%- for group in item.get('alternatives', []) -%}
          {%- set alternative = loop.index -%}
          {%- for m in group -%}
            {%- do rows.append("('" ~ item.id ~ "', '" ~ fmt ~ "', '" ~ item.scope ~ "', 'right', "
                ~ ((item.right | length) + alternative * 10 + loop.index) ~ ", '" ~ m ~ "', true, " ~ alternative ~ ")") -%}
          {%- endfor -%}
        {%- endfor -%}
      {%- endfor -%}
    {%- endfor %}
    {{ rows | join(',\n    ') }}
),

-- the catalog: every term of every check a report of each format has, and which cell
-- (metric, applicant column) it reads; `from_previous`: a cell of the previous year's report
spec_terms as (
    select
        s.format,
        s.identity,
        case when s.scope = 'applicant' then a.applicant_type else s.scope end as scope,
        s.side,
        s.ordinal,
        s.metric,
        coalesce(a.applicant_type, 'total') as applicant_type,
        s.optional,
        s.alternative,
        false as from_previous
    from identity_spec as s
    left join applicant_types as a on s.scope = 'applicant'

    union all

    -- applicant_sum: each requests row, total column = the six applicant columns
    select
        f.format,
        'applicant_sum',
        m.metric,
        case when a.applicant_type = 'total' then 'left' else 'right' end,
        a.printed_order,
        m.metric,
        a.applicant_type,
        false,
        0,
        false
    from formats as f
    inner join {{ ref('metrics') }} as m
        on m.by_applicant = 'yes'
        and list_contains(string_split(m.formats, '|'), f.format)
    cross join applicant_types as a

    union all

    -- carry_chain: carried over in (year t) = carried over out (year t-1), same agency
    select
        f.format,
        'carry_chain',
        a.applicant_type,
        side.side,
        1,
        case when side.side = 'left' then 'requests.carried_over_in'
            else 'requests.carried_over_out' end,
        a.applicant_type,
        false,
        0,
        side.side = 'right'
    from formats as f
    cross join applicant_types as a
    cross join (values ('left'), ('right')) as side (side)
    where f.format in ('v2019', 'v2021')
),

catalog_terms as (
    select
        *,
        -- check_key: (identity, scope) numbered in their sort order
        dense_rank() over (order by identity, scope) as check_key,
        -- the bit of the term in its check's masks, in the order the lists print terms
        row_number() over (
            partition by format, identity, scope order by side, ordinal, applicant_type
        ) - 1 as term_bit,
        metric || case when metric like 'requests.%' then '@' || applicant_type else '' end
            as term,
        -- aggregate cells: a blank there means "not filled", not zero
        metric like '%.total'
            or (metric like 'requests.%' and applicant_type = 'total')
            or (side = 'left'
                and identity not in ('flow_balance', 'carry_chain', 'legacy_subset'))
            or (side = 'right' and identity = 'legacy_subset') as aggregate
    from spec_terms
),

catalog_checks as (
    select
        format,
        check_key,
        identity,
        scope,
        bool_or(from_previous) as across_reports,
        list(term order by term_bit) filter (where side = 'left') as left_terms,
        list(term order by term_bit) filter (where side = 'right') as right_terms,
        list({'term': term, 'term_bit': term_bit} order by term_bit) as all_terms,
        count(*) filter (where not optional) as n_required,
        coalesce(bit_or(1::bigint << term_bit) filter (where not optional), 0) as required_mask,
        coalesce(bit_or(1::bigint << term_bit) filter (where aggregate), 0) as aggregate_mask,
        coalesce(bit_or(1::bigint << term_bit) filter (where alternative = 1), 0) as first_mask,
        coalesce(bit_or(1::bigint << term_bit) filter (where alternative = 2), 0) as second_mask,
        -- the order of the scope among the scopes of its identity (for check_id)
        dense_rank() over (partition by identity order by scope) as scope_rank
    from catalog_terms
    group by format, check_key, identity, scope
),

-- the cells the catalog reads, numbered
cell_keys as (
    select
        metric,
        applicant_type,
        row_number() over (order by metric, applicant_type) as cell_key
    from (select distinct metric, applicant_type from catalog_terms) as distinct_cells
),

catalog_cells as (
    select
        t.format,
        k.cell_key,
        t.check_key,
        t.side = 'left' as is_left,
        1::bigint << t.term_bit as term_mask,
        t.alternative = 2 as second_way,
        t.from_previous
    from catalog_terms as t
    inner join cell_keys as k
        on t.metric = k.metric
        and t.applicant_type = k.applicant_type
),

-- the report of the previous year for the same agency (agency_key: the name without
-- whitespace); the first by id when several
previous_reports as (
    select
        r.report_key,
        min(p.report_key) as previous_report_key,
        min(p.report_id) as previous_report_id
    from reports as r
    inner join reports as p
        on p.agency_key = r.agency_key
        and p.year = r.year - 1
        and p.format in ('v2019', 'v2021')
    where r.format in ('v2019', 'v2021') and r.agency_key <> 'unknown'
    group by r.report_key
),

-- every reading (staging row) of a cell some term reads; metrics without an applicant split
-- (null) share the key 'total' with pre-2019 request metrics, which carry 'total'
readings as not materialized (
    select
        r.report_key,
        k.cell_key,
        s.value,
        false as conflicting,
        coalesce(s.qualifier = 'ambiguous', false) as ambiguous,
        coalesce(s.qualifier in ('more_than', 'about'), false) as approximate
    from {{ ref('stg_ogi__staging_rows') }} as s
    inner join cell_keys as k
        on s.metric = k.metric
        and coalesce(s.applicant_type, 'total') = k.applicant_type
    inner join reports as r on s.report_id = r.report_id
),

{#- The arithmetic of every check, twice: `fast` reads the readings as cells, which they are
    unless a cell is read twice (a figure stated twice: rare); `exact` groups the readings of
    the reports where that happens into one cell each (value: the smallest; conflicting when
    they differ) and redoes those checks. #}
{%- for path in ['fast', 'exact'] %}

-- every printed term of every check ({{ path }}): its cell's value and flags
term_values_{{ path }} as (
    select
        c.report_key,
        k.check_key,
        k.is_left,
        k.term_mask,
        k.second_way,
        c.value,
        c.conflicting,
        c.ambiguous,
        c.approximate
    from {{ 'readings' if path == 'fast' else 'repeated_cells' }} as c
    inner join reports as r on c.report_key = r.report_key
    inner join catalog_cells as k
        on r.format = k.format
        and c.cell_key = k.cell_key
        and not k.from_previous

    union all

    select
        p.report_key,
        k.check_key,
        k.is_left,
        k.term_mask,
        k.second_way,
        c.value,
        c.conflicting,
        c.ambiguous,
        c.approximate
    from previous_reports as p
    inner join reports as r on p.report_key = r.report_key
    inner join {{ 'readings' if path == 'fast' else 'repeated_cells' }} as c
        on p.previous_report_key = c.report_key
    inner join catalog_cells as k
        on r.format = k.format
        and c.cell_key = k.cell_key
        and k.from_previous
),

-- the arithmetic of every check ({{ path }}), and masks of its terms (the lists of terms are
-- built at the end, for the checks an analyst reads)
check_values_{{ path }} as (
    select
        report_key,
        check_key,
        sum(value) filter (where is_left) as left_sum,
        sum(value) filter (where not is_left) as right_sum,
        coalesce(sum(value) filter (where second_way), 0) as second_sum,
        count(value) filter (where is_left) as left_printed,
        count(value) filter (where not is_left) as right_printed,
        bit_or(term_mask) as present_bits,
        coalesce(bit_or(term_mask) filter (where ambiguous), 0) as ambiguous_bits,
        coalesce(bit_or(term_mask) filter (where approximate), 0) as approximate_bits,
        coalesce(bit_or(term_mask) filter (where conflicting), 0) as conflicting_bits,
        coalesce(bit_or(term_mask) filter (where value is null and not ambiguous), 0)
            as blank_bits,
        count(*) as n_readings
    from term_values_{{ path }}
    group by report_key, check_key
),
{%- if path == 'fast' %}

-- checks with more readings than terms: a cell of theirs is read twice
repeated_checks as (
    select report_key, check_key
    from check_values_fast
    where n_readings > bit_count(present_bits)
),

-- the reports whose cells those checks read (carry_chain: the previous year's too)
repeated_reports as (
    select report_key from repeated_checks
    union
    select p.previous_report_key
    from repeated_checks as c
    inner join previous_reports as p on c.report_key = p.report_key
),

-- one cell per report x metric x applicant column, for those reports only
repeated_cells as (
    select
        report_key,
        cell_key,
        min(value) as value,
        coalesce(min(value) <> max(value), false) as conflicting,
        bool_or(ambiguous) as ambiguous,
        bool_or(approximate) as approximate
    from readings
    semi join repeated_reports using (report_key)
    group by report_key, cell_key
),
{%- endif %}
{%- endfor %}

check_values as (
    select * exclude (n_readings)
    from check_values_fast
    where n_readings = bit_count(present_bits)

    union all

    select * exclude (n_readings)
    from check_values_exact
    semi join repeated_checks using (report_key, check_key)
),

-- every check of every report (carry_chain only where a previous report exists)
report_checks as (
    select r.report_key, r.format, c.check_key, null::varchar as other_report_id
    from reports as r
    inner join catalog_checks as c on r.format = c.format and not c.across_reports

    union all

    select r.report_key, r.format, c.check_key, p.previous_report_id
    from previous_reports as p
    inner join reports as r on p.report_key = r.report_key
    inner join catalog_checks as c on r.format = c.format and c.across_reports
),

-- the arithmetic of every check: scalars and masks only (the lists of terms are attached
-- at the end, for the checks that need them)
sum_checks as (
    select
        rc.report_key,
        c.identity,
        c.scope_rank,
        rc.format as catalog_format,
        rc.check_key,
        rc.other_report_id,
        -- alternatives: the first way when printed in full (the second then not read), else
        -- the second; neither in full: the first's rows are missing
        c.first_mask <> 0 and c.first_mask & ~coalesce(v.present_bits, 0) = 0 as first_way,
        case when v.left_printed > 0 then v.left_sum end as left_value,
        case when v.right_printed > 0
            then v.right_sum - case when first_way then v.second_sum else 0 end end
            as right_value,
        c.required_mask & ~coalesce(v.present_bits, 0)
            | case when c.first_mask <> 0 and not first_way
                and c.second_mask & ~coalesce(v.present_bits, 0) <> 0
                then c.first_mask & ~coalesce(v.present_bits, 0) else 0 end as missing_mask,
        ~case when first_way then c.second_mask else 0 end as read_mask,  -- terms read
        coalesce(v.ambiguous_bits, 0) & read_mask as ambiguous_mask,
        coalesce(v.approximate_bits, 0) & read_mask as approximate_mask,
        coalesce(v.conflicting_bits, 0) & read_mask as conflicting_mask,
        coalesce(v.blank_bits, 0) & c.aggregate_mask & read_mask as blank_total_mask,
        coalesce(v.blank_bits, 0) & ~c.aggregate_mask & read_mask as blank_part_mask,
        missing_mask = 0
            and ambiguous_mask | approximate_mask | conflicting_mask = 0
            and blank_total_mask = 0
            and coalesce(v.left_printed, 0) > 0
            and coalesce(v.right_printed, 0) > 0 as checkable,
        -- checks an analyst reads: not checkable, or sides that differ
        not checkable or left_value <> right_value as explain
    from report_checks as rc
    inner join catalog_checks as c
        on rc.format = c.format
        and rc.check_key = c.check_key
    left join check_values as v
        on rc.report_key = v.report_key
        and rc.check_key = v.check_key
),

-- non_negative: one row per negative cell; a report without one gets a single 'report' row
signed_rows as (
    select
        report_id,
        metric,
        applicant_type,
        value
    from {{ ref('stg_ogi__staging_rows') }}
    where value is not null
        and not (metric like 'proactive.%' and metric like '%.change')
),

negative_cells as (
    select
        report_id,
        metric,
        coalesce(applicant_type, 'total') as applicant_type,
        min(value) as value
    from signed_rows
    where value < 0
    group by all
),

report_minimums as (
    select
        report_id,
        min(value) as min_value
    from signed_rows
    group by report_id
),

non_negative as (
    select
        r.report_key,
        'non_negative' as identity,
        case when n.metric like 'requests.%' then n.metric || '@' || n.applicant_type
            else n.metric end as scope,
        n.value as left_value,
        0.0 as right_value,
        true as checkable,
        [scope] as left_terms,
        []::varchar[] as right_terms,
        'negative count: ' || scope || ' = ' || n.value as detail
    from negative_cells as n
    inner join reports as r on n.report_id = r.report_id

    union all

    select
        r.report_key,
        'non_negative',
        'report',
        m.min_value,
        0.0,
        m.min_value is not null,
        []::varchar[],
        []::varchar[],
        case when m.min_value is null then 'no printed figure' end
    from reports as r
    left join report_minimums as m on r.report_id = m.report_id
    where coalesce(m.min_value, 0) >= 0
),

-- text_vs_table: each figure stated in the prose that disagrees with the table
text_vs_table as (
    select
        r.report_key,
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
    select *, row_number() over (partition by report_key order by scope) as scope_rank
    from non_negative
    union all by name
    select *, row_number() over (partition by report_key order by scope) as scope_rank
    from text_vs_table
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
),

-- check_id: the rank by (report_id, identity, scope), sorted on integers
numbered as (
    select
        c.*,
        m.family,
        m.comparison,
        row_number() over (
            order by c.report_key, m.identity_rank, c.scope_rank
        ) as check_id
    from checks as c
    inner join (
        select *, dense_rank() over (order by identity) as identity_rank from meta
    ) as m on c.identity = m.identity
),

-- the terms of the checks an analyst reads, and the reasons (from the masks and the catalog)
described as (
    select
        n.*,
        k.scope as catalog_scope,
        k.n_required,
        k.left_terms as catalog_left_terms,
        k.right_terms as catalog_right_terms,
        {%- for name in ['missing', 'ambiguous', 'approximate', 'conflicting', 'blank_total', 'blank_part'] %}
        case when n.explain and n.{{ name }}_mask <> 0
            then [t.term for t in k.all_terms if (n.{{ name }}_mask >> t.term_bit) & 1 = 1]
            end as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from numbered as n
    left join catalog_checks as k
        on n.catalog_format = k.format
        and n.check_key = k.check_key
)

select
    d.check_id,
    r.report_id,
    r.format,
    d.identity,
    d.family,
    coalesce(d.catalog_scope, d.scope) as scope,
    i.severity,
    d.comparison,
    d.left_value,
    d.right_value,
    case when d.checkable then round(d.left_value - d.right_value, 6) end as difference,
    d.checkable,
    case when d.check_key is null then d.left_terms
        when d.explain then d.catalog_left_terms end as left_terms,
    case when d.check_key is null then d.right_terms
        when d.explain then d.catalog_right_terms end as right_terms,
    case when d.check_key is null then d.detail else nullif(concat_ws('; ',
        case when len(d.missing) > 0 and len(d.missing) = d.n_required
            then 'none of its rows printed'
            when len(d.missing) > 0 then 'not printed: ' || {{ terms_text('d.missing') }} end,
        case when len(d.ambiguous) > 0
            then 'ambiguous: ' || {{ terms_text('d.ambiguous') }} end,
        case when len(d.approximate) > 0
            then 'approximate: ' || {{ terms_text('d.approximate') }} end,
        case when len(d.conflicting) > 0
            then 'printed twice with different values: '
                || {{ terms_text('d.conflicting') }} end,
        case when len(d.blank_total) > 0
            then 'total not filled (blank): ' || {{ terms_text('d.blank_total') }} end,
        case when d.explain and d.left_value is null
            and coalesce(len(d.missing), 0) < d.n_required
            then 'nothing printed on the left side' end,
        case when d.explain and d.right_value is null
            and coalesce(len(d.missing), 0) < d.n_required
            then 'nothing printed on the right side' end,
        case when d.checkable and len(d.blank_part) > 0
            then 'blank counted as zero: ' || {{ terms_text('d.blank_part') }} end,
        case when d.other_report_id is not null
            then 'right side from report ' || d.other_report_id || ' (previous year)' end
    ), '') end as detail
from described as d
inner join reports as r on d.report_key = r.report_key
inner join {{ ref('identities') }} as i on d.identity = i.identity
