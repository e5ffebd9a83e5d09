{#- No two rows share the same values of `combination_of_columns` (nulls compare equal).
    Large tables: candidates are found by grouping a 64-bit hash of the columns, then checked
    exactly, so the test stays exact and cheap. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    {%- set columns = combination_of_columns | join(', ') %}
    with

    hashed as (
        select {{ columns }}, hash({{ columns }}) as row_hash
        from {{ model }}
    ),

    candidate_hashes as (
        select row_hash
        from hashed
        group by row_hash
        having count(*) > 1
    )

    select {{ columns }}, count(*) as n_rows
    from hashed
    semi join candidate_hashes
        on hashed.row_hash = candidate_hashes.row_hash
    group by {{ columns }}
    having count(*) > 1
{% endtest %}
