from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "hotline.appointments"
    label = "appointments"
    verbose_name = "双休日预约服务"

    def ready(self):
        from hotline.appointments import notices
        from hotline.appointments.demo import seed_appointments
        from tickets.demo import register_demo_seeder

        notices.register_templates()
        register_demo_seeder("appointment services", seed_appointments, order=60)
