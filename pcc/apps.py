from django.apps import AppConfig


class PccConfig(AppConfig):
    name = "pcc"
    verbose_name = "Police and crime commissioner's requests"
