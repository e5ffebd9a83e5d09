{#- A list of identity terms as text for quality.identity_checks.detail: the first five and
    how many in all (used by int_identity_terms). -#}
{% macro terms_text(list_column) -%}
    case when len({{ list_column }}) > 5
        then array_to_string({{ list_column }}[1:5], ', ') || ' ... ('
            || len({{ list_column }}) || ' in all)'
        else array_to_string({{ list_column }}, ', ') end
{%- endmacro %}
