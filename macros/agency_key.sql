{#- Stable key of an agency: md5 of its name without any whitespace (ASCII or full-width), so
    `桂东县 人民政府` and `桂东县人民政府` are one agency; 'unknown' when no name was found. -#}
{% macro agency_key(name_column) -%}
    case
        when nullif(trim({{ name_column }}), '') is null then 'unknown'
        else md5(regexp_replace({{ name_column }}, '[\s\x{3000}]+', '', 'g'))
    end
{%- endmacro %}
