with

source as (

    select * from {{ source('raw', 'agency_regions') }}

),

renamed as (

    select
        agency,
        province,
        city,
        county,
        adcode,
        region_level,
        region_match,
        resolver

    from source

)

select * from renamed
