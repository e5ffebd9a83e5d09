with

applicant_types as (

    select * from {{ ref('applicant_types') }}

),

final as (

    select
        applicant_type,
        label_zh,
        printed_order,
        applicant_group,
        is_total

    from applicant_types

)

select * from final
