"""{% unit_options %}: the one shared list of units every unit picker on a console page names."""

from django import template

from tickets.models import Department

register = template.Library()


@register.inclusion_tag("consoles/includes/unit_options.html")
def unit_options():
    return {"units": Department.objects.filter(is_active=True).order_by("sort_order", "code")
            .values_list("code", "name", "short_name")}
