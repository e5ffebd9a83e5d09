-- Proactive disclosure (二、主动公开政府信息情况; pre-2019 一、主动公开情况): one row per report.
-- The aligned columns hold comparable figures for v2019 and v2021 (v2019 through the
-- crosswalk); format-specific figures keep their own columns.

{%- set aligned_columns = {
    'rules_issued': 'proactive.rules.issued',
    'rules_in_force': 'proactive.rules.in_force',
    'normative_docs_issued': 'proactive.normative_docs.issued',
    'normative_docs_in_force': 'proactive.normative_docs.in_force',
    'licensing_decisions': 'proactive.licensing.decisions',
    'penalty_decisions': 'proactive.penalty.decisions',
    'enforcement_decisions': 'proactive.enforcement.decisions',
} %}
{%- set specific_columns = {
    'rules_new_made': 'proactive.rules.new_made',
    'rules_new_published': 'proactive.rules.new_published',
    'rules_total_published': 'proactive.rules.total_published',
    'normative_docs_new_made': 'proactive.normative_docs.new_made',
    'normative_docs_new_published': 'proactive.normative_docs.new_published',
    'normative_docs_total_published': 'proactive.normative_docs.total_published',
    'licensing_prev_year_items': 'proactive.licensing.prev_year_items',
    'licensing_change': 'proactive.licensing.change',
    'other_services_prev_year_items': 'proactive.other_services.prev_year_items',
    'other_services_change': 'proactive.other_services.change',
    'other_services_decisions': 'proactive.other_services.decisions',
    'penalty_prev_year_items': 'proactive.penalty.prev_year_items',
    'penalty_change': 'proactive.penalty.change',
    'enforcement_prev_year_items': 'proactive.enforcement.prev_year_items',
    'enforcement_change': 'proactive.enforcement.change',
    'fees_prev_year_items': 'proactive.fees.prev_year_items',
    'fees_change': 'proactive.fees.change',
    'procurement_items': 'proactive.procurement.items',
    'procurement_amount_yuan': 'proactive.procurement.amount',
    'rules_repealed': 'proactive.rules.repealed',
    'normative_docs_repealed': 'proactive.normative_docs.repealed',
    'fees_amount_wan_yuan': 'proactive.fees.amount',
    'legacy_items': 'legacy.proactive.items',
    'legacy_normative_docs_published': 'legacy.proactive.normative_docs_published',
    'legacy_normative_docs_issued': 'legacy.proactive.normative_docs_issued',
    'legacy_proposal_replies_published': 'legacy.proactive.proposal_replies_published',
    'legacy_via_gazette': 'legacy.proactive.via_gazette',
    'legacy_via_website': 'legacy.proactive.via_website',
    'legacy_via_weibo': 'legacy.proactive.via_weibo',
    'legacy_via_wechat': 'legacy.proactive.via_wechat',
    'legacy_via_other': 'legacy.proactive.via_other',
} %}

with

proactive_values as (

    select * from {{ ref('int_proactive_values') }}

),

reports as (

    select * from {{ ref('stg_ogi__reports') }}

),

-- the column each metric fills, numbered: filtering on an integer is cheaper than comparing
-- every metric code with every column's
{%- set metrics_by_column = (aligned_columns.values() | list) + (specific_columns.values() | list) %}
{%- if metrics_by_column | unique | list | length != metrics_by_column | length %}
  {{ exceptions.raise_compiler_error('a metric fills two columns of fct_proactive_disclosure') }}
{%- endif %}
column_numbers (metric, column_number) as (

    values
    {%- for metric in metrics_by_column %}
    ('{{ metric }}', {{ loop.index }}){{ ',' if not loop.last }}
    {%- endfor %}

),

pivoted as (

    select
        proactive_values.report_id,
        {%- for column in aligned_columns %}
        max(proactive_values.value) filter (where column_numbers.column_number = {{ loop.index }})
            as {{ column }},
        {%- endfor %}
        {{ worst_mapping_quality(
            'proactive_values.mapping_quality',
            where='column_numbers.column_number <= ' ~ (aligned_columns | length)
        ) }} as alignment_quality,
        {%- for column in specific_columns %}
        max(proactive_values.value) filter (
            where column_numbers.column_number = {{ (aligned_columns | length) + loop.index }}
        ) as {{ column }},
        {%- endfor %}
        bool_or(proactive_values.qualifier is not null) as has_qualified_figures

    from proactive_values
    left join column_numbers
        on proactive_values.metric = column_numbers.metric
    group by proactive_values.report_id

),

final as (

    select
        pivoted.report_id,
        reports.agency_key,
        reports.agency,
        reports.year,
        reports.format,
        pivoted.* exclude (report_id)

    from pivoted
    inner join reports
        on pivoted.report_id = reports.report_id

)

select * from final
