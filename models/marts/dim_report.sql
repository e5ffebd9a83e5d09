{{ config(tags=['quality']) }}

-- One row per report with its quality status: broken (an error identity failed) > ambiguous
-- (a cell with qualifier ambiguous) > warning (a warning identity failed) > ok.

with

reports as (

    select * from {{ ref('stg_ogi__reports') }}

),

staging_rows as (

    select * from {{ ref('stg_ogi__staging_rows') }}

),

identity_checks as (

    select * from {{ ref('stg_ogi__identity_checks') }}

),

discrepancies as (

    select * from {{ ref('stg_ogi__discrepancies') }}

),

cell_counts as (

    select
        report_id,
        count(*) as n_rows,
        count(*) filter (where is_blank) as n_blank_cells,
        count(*) filter (where is_ambiguous) as n_ambiguous_cells

    from staging_rows
    group by report_id

),

check_counts as (

    select
        report_id,
        count(*) as n_identity_checks,
        count(*) filter (where status = 'failed' and severity = 'error') as n_errors_failed,
        count(*) filter (where status = 'failed' and severity = 'warning') as n_warnings_failed

    from identity_checks
    group by report_id

),

discrepancy_counts as (

    select
        report_id,
        count(*) as n_discrepancies

    from discrepancies
    group by report_id

),

counted as (

    select
        reports.*,
        coalesce(cell_counts.n_rows, 0) as n_rows,
        coalesce(cell_counts.n_blank_cells, 0) as n_blank_cells,
        coalesce(cell_counts.n_ambiguous_cells, 0) as n_ambiguous_cells,
        coalesce(discrepancy_counts.n_discrepancies, 0) as n_discrepancies,
        coalesce(check_counts.n_identity_checks, 0) as n_identity_checks,
        coalesce(check_counts.n_errors_failed, 0) as n_errors_failed,
        coalesce(check_counts.n_warnings_failed, 0) as n_warnings_failed

    from reports
    left join cell_counts
        on reports.report_id = cell_counts.report_id
    left join check_counts
        on reports.report_id = check_counts.report_id
    left join discrepancy_counts
        on reports.report_id = discrepancy_counts.report_id

),

final as (

    select
        report_id,
        agency_key,
        agency,
        year,
        format,
        source,
        file_hash,
        parsed_at,
        n_rows,
        n_blank_cells,
        n_ambiguous_cells,
        n_discrepancies,
        n_identity_checks,
        n_errors_failed,
        n_warnings_failed,
        n_identity_checks > 0 as is_quality_checked,
        case
            when n_errors_failed > 0 then 'broken'
            when n_ambiguous_cells > 0 then 'ambiguous'
            when n_warnings_failed > 0 then 'warning'
            else 'ok'
        end as quality_status

    from counted

)

select * from final
