"""{% unit_options %} and {% category_options %}: the one shared list of units (and of categories)
that every picker on a console page names, read from the request's ConsoleChoices so a page that
already loaded them for its forms does not query again."""

from django import template

from hotline.consoles.forms import ConsoleChoices

register = template.Library()


@register.inclusion_tag("consoles/includes/unit_options.html", takes_context=True)
def unit_options(context):
    choices = ConsoleChoices.of(context.get("request"))
    return {"units": [(d.code, d.name, d.short_name) for d in choices.departments]}


@register.inclusion_tag("consoles/includes/category_options.html", takes_context=True)
def category_options(context):
    choices = ConsoleChoices.of(context.get("request"))
    return {"categories": [(c.code, c.full_name, c.default_department.code if c.default_department_id else "")
                           for c in choices.categories]}
