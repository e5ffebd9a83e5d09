-- One row per agency (key: its name without whitespace), named as most of its reports print
-- it, with the administrative division cpca matched from that name at load time.

with

reports as (

    select * from {{ ref('stg_ogi__reports') }}

),

regions as (

    select * from {{ ref('stg_ogi__agency_regions') }}

),

printed_names as (

    select
        agency_key,
        agency,
        row_number() over (
            partition by agency_key
            order by count(*) desc, max(year) desc nulls last, agency
        ) as name_rank

    from reports
    group by agency_key, agency

),

agency_activity as (

    select
        agency_key,
        min(year) as first_year,
        max(year) as last_year,
        count(*) as n_reports,
        count(distinct agency) as n_name_variants

    from reports
    group by agency_key

),

final as (

    select
        agency_activity.agency_key,
        printed_names.agency as agency_name,
        regions.province,
        regions.city,
        regions.county,
        regions.adcode,
        regions.region_level,
        coalesce(regions.region_match, 'none') as region_match,
        agency_activity.first_year,
        agency_activity.last_year,
        agency_activity.n_reports,
        agency_activity.n_name_variants

    from agency_activity
    inner join printed_names
        on agency_activity.agency_key = printed_names.agency_key
        and printed_names.name_rank = 1
    left join regions
        on printed_names.agency = regions.agency

)

select * from final
