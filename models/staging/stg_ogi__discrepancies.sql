with

source as (

    select * from {{ source('raw', 'discrepancies') }}

),

renamed as (

    select
        report_id,
        identity,
        metric,
        applicant_type,
        table_value,
        text_value,
        text_value - table_value as difference,
        raw,
        line

    from source

)

select * from renamed
