"""/you-said-we-did/: what residents raised and what the partnership changed."""

from django.urls import path

from public import engagement as views

urlpatterns = [
    path("", views.you_said_we_did, name="you_said_we_did"),
]
