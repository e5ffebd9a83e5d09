{#- Mapping quality, best to worst: native (printed under this code), equivalent (same concept
    through the crosswalk, or an exact sum of parts), approximate (close but not the same). -#}
{% macro mapping_quality_rank(quality_column) -%}
    case {{ quality_column }}
        when 'native' then 0
        when 'equivalent' then 1
        when 'approximate' then 2
    end
{%- endmacro %}

{#- Aggregate: the worst quality of the parts. `floor` raises it to at least that quality
    (a sum of native parts is `equivalent`, not printed); `where` filters the rows aggregated. -#}
{% macro worst_mapping_quality(quality_column, floor=none, where=none) -%}
    {%- set rank = 'max(' ~ mapping_quality_rank(quality_column) ~ ')' -%}
    {%- if where is not none -%}
        {%- set rank = rank ~ ' filter (where ' ~ where ~ ')' -%}
    {%- endif -%}
    {%- if floor is not none -%}
        {%- set rank = 'greatest(' ~ rank ~ ', ' ~ mapping_quality_rank("'" ~ floor ~ "'") ~ ')' -%}
    {%- endif -%}
    case {{ rank }}
        when 0 then 'native'
        when 1 then 'equivalent'
        when 2 then 'approximate'
    end
{%- endmacro %}
