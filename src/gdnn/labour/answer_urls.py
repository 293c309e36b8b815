"""The respondents' public links, `/s/<token>/`: no account, no other page."""

from django.urls import path

from gdnn.labour import answer_views

urlpatterns = [path("<str:token>/", answer_views.answer, name="labour-answer")]
