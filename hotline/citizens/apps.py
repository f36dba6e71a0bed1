from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "hotline.citizens"
    label = "citizens"
    verbose_name = "市民账号"

    def ready(self):
        from hotline.citizens.selectors import staff_facts
        from tickets.selectors.citizen_facts import register_citizen_facts

        # Staff see on a ticket whether its citizen holds a verified account (and a legal person's name and code).
        register_citizen_facts(staff_facts)
