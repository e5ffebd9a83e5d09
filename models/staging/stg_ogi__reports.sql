with

source as (

    select * from {{ source('raw', 'reports') }}

),

renamed as (

    select
        report_id,
        source,
        nullif(trim(agency), '') as agency,
        {{ agency_key('agency') }} as agency_key,
        year,
        format,
        file_hash,
        parsed_at

    from source

)

select * from renamed
