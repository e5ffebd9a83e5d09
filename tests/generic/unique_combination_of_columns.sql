{#- No two rows share the same values of `combination_of_columns` (nulls compare equal).
    Large tables: candidates are the 64-bit hashes of the columns that occur twice (equal
    neighbours once sorted: cheaper than grouping millions of hashes), then checked exactly,
    so the test stays exact and cheap. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    {%- set columns = combination_of_columns | join(', ') %}
    with

    hashed as not materialized (
        select {{ columns }}, hash({{ columns }}) as row_hash
        from {{ model }}
    ),

    sorted_hashes as (
        select row_hash, lead(row_hash) over (order by row_hash) as next_hash
        from hashed
    ),

    candidate_hashes as (
        select distinct row_hash
        from sorted_hashes
        where row_hash = next_hash
    )

    select {{ columns }}, count(*) as n_rows
    from hashed
    semi join candidate_hashes
        on hashed.row_hash = candidate_hashes.row_hash
    group by {{ columns }}
    having count(*) > 1
{% endtest %}
