{#- Aggregate: the value of a figure assembled from several cells.
    Blank cells count as zero when at least one part is printed (the reports' own identities
    read them so); all parts blank -> null (nothing reported); any ambiguous part -> null
    (the value is unknown, not smaller). -#}
{% macro sum_of_parts(value_column, qualifier_column) -%}
    case
        when bool_or({{ qualifier_column }} = 'ambiguous') then null
        else sum({{ value_column }})
    end
{%- endmacro %}

{#- Aggregate: qualifier of such a figure: ambiguous > about > more_than > exact (null). -#}
{% macro combined_qualifier(qualifier_column) -%}
    case
        when bool_or({{ qualifier_column }} = 'ambiguous') then 'ambiguous'
        when bool_or({{ qualifier_column }} = 'about') then 'about'
        when bool_or({{ qualifier_column }} = 'more_than') then 'more_than'
    end
{%- endmacro %}

{#- share = part / whole, null when the whole is null or zero. -#}
{% macro safe_share(part, whole) -%}
    case when {{ whole }} > 0 then {{ part }}::double / {{ whole }} end
{%- endmacro %}
