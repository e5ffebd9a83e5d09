{{ config(tags=['quality']) }}

-- One wide row per agency and year for BI tools: the year's requests, outcomes and their
-- shares, reviews and lawsuits, from the agency's best report of the year (quality status
-- ok > warning > ambiguous > broken, then most cells, then the latest load). Reports without
-- a year cannot be placed and are left out.

{%- set request_columns = {
    'requests_received': 'requests.new_received',
    'requests_carried_over_in': 'requests.carried_over_in',
    'requests_handled': 'requests.outcome.total',
    'requests_carried_over_out': 'requests.carried_over_out',
    'disclosed': 'requests.outcome.disclosed',
    'partially_disclosed': 'requests.outcome.partially_disclosed',
    'withheld': 'requests.outcome.withheld',
    'unable': 'requests.outcome.unable',
    'not_processed': 'requests.outcome.not_processed',
    'other_outcome': 'requests.outcome.other',
} %}
{%- set review_columns = {
    'review_total': 'review.total',
    'review_corrected': 'review.corrected',
    'litigation_total': 'litigation_all.total',
    'litigation_corrected': 'litigation_all.corrected',
} %}
{%- set shares = ['disclosed', 'partially_disclosed', 'withheld', 'unable', 'not_processed'] %}

with

reports as (

    select * from {{ ref('dim_report') }}
    where year is not null

),

agencies as (

    select * from {{ ref('dim_agency') }}

),

request_outcomes as (

    select * from {{ ref('fct_request_outcomes') }}
    where applicant_type = 'total'

),

review_litigation as (

    select * from {{ ref('fct_review_litigation') }}

),

ranked_reports as (

    select
        *,
        count(*) over agency_years as n_reports,
        row_number() over (
            agency_years
            order by
                case quality_status
                    when 'ok' then 0 when 'warning' then 1 when 'ambiguous' then 2 else 3
                end,
                n_rows desc,
                parsed_at desc,
                report_id
        ) as report_rank

    from reports
    window agency_years as (partition by agency_key, year)

),

best_reports as (

    select * from ranked_reports
    where report_rank = 1

),

request_figures as (

    select
        report_id,
        {%- for column, metric in request_columns.items() %}
        max(value) filter (where metric = '{{ metric }}') as {{ column }},
        {%- endfor %}
        {{ worst_mapping_quality(
            'mapping_quality',
            where="metric in ('" ~ request_columns.values() | join("', '") ~ "')"
        ) }} as requests_mapping_quality

    from request_outcomes
    group by report_id

),

review_figures as (

    select
        report_id,
        {%- for column, metric in review_columns.items() %}
        max(value) filter (where metric = '{{ metric }}') as {{ column }},
        {%- endfor %}
        {{ worst_mapping_quality(
            'mapping_quality',
            where="metric in ('" ~ review_columns.values() | join("', '") ~ "')"
        ) }} as review_litigation_mapping_quality

    from review_litigation
    group by report_id

),

final as (

    select
        best_reports.agency_key,
        agencies.agency_name,
        agencies.province,
        agencies.city,
        agencies.county,
        agencies.adcode,
        best_reports.year,
        best_reports.report_id,
        best_reports.format,
        best_reports.quality_status,
        best_reports.n_reports,
        {%- for column in request_columns %}
        request_figures.{{ column }},
        {%- endfor %}
        {%- for column in shares %}
        {{ safe_share('request_figures.' ~ column, 'request_figures.requests_handled') }}
            as share_{{ column }},
        {%- endfor %}
        request_figures.requests_mapping_quality,
        {%- for column in review_columns %}
        review_figures.{{ column }},
        {%- endfor %}
        {{ safe_share('review_figures.review_corrected', 'review_figures.review_total') }}
            as review_share_corrected,
        {{ safe_share('review_figures.litigation_corrected', 'review_figures.litigation_total') }}
            as litigation_share_corrected,
        review_figures.review_litigation_mapping_quality

    from best_reports
    inner join agencies
        on best_reports.agency_key = agencies.agency_key
    left join request_figures
        on best_reports.report_id = request_figures.report_id
    left join review_figures
        on best_reports.report_id = review_figures.report_id

)

select * from final
