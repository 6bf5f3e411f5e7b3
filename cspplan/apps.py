from django.apps import AppConfig


class CspplanConfig(AppConfig):
    name = "cspplan"
    verbose_name = "Partnership and plan"
