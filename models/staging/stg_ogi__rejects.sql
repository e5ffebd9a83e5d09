with

source as (

    select * from {{ source('raw', 'rejects') }}

),

renamed as (

    select
        source,
        reason,
        file_hash,
        rejected_at

    from source

)

select * from renamed
