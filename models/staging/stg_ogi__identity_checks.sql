{{ config(tags=['quality']) }}

with

source as (

    select * from {{ source('quality', 'identity_checks') }}

),

renamed as (

    select
        report_id,
        identity,
        scope,
        left_value,
        right_value,
        difference,
        severity,
        status,
        passed,
        detail

    from source

)

select * from renamed
