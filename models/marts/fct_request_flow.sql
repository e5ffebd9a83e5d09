-- The flow of requests per report and applicant column: carried in + new = handled + carried
-- out (the identity printed in the 2019/2021 template). Pre-2019 reports have no carry-over;
-- their handled figure is 申请答复数 (approximate).

with

request_outcomes as (

    select * from {{ ref('fct_request_outcomes') }}
    where metric in (
        'requests.new_received',
        'requests.carried_over_in',
        'requests.outcome.total',
        'requests.carried_over_out'
    )

),

pivoted as (

    select
        report_id,
        agency_key,
        agency,
        year,
        format,
        applicant_type,
        max(value) filter (where metric = 'requests.new_received') as new_received,
        max(value) filter (where metric = 'requests.carried_over_in') as carried_over_in,
        max(value) filter (where metric = 'requests.outcome.total') as handled,
        max(value) filter (where metric = 'requests.carried_over_out') as carried_over_out,
        {{ worst_mapping_quality('mapping_quality') }} as mapping_quality

    from request_outcomes
    group by report_id, agency_key, agency, year, format, applicant_type

),

final as (

    select
        *,
        case
            when format in ('v2019', 'v2021')
                and coalesce(new_received, carried_over_in, handled, carried_over_out) is not null
                then coalesce(new_received, 0) + coalesce(carried_over_in, 0)
                    - coalesce(handled, 0) - coalesce(carried_over_out, 0)
        end as flow_difference

    from pivoted

)

select * from final
