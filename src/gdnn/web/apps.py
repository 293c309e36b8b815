from django.apps import AppConfig, apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy


def admin_labels_translatable() -> None:
    """The administration shows every model's and field's verbose name. Those left to Django's
    default ("org unit", "published at") are plain strings that never reach the catalogue, so the
    Vietnamese admin showed them in English. They become lazy translations of themselves, looked up
    in web/locale like any other string; nothing changes in the database or the migrations (the
    text compared outside a request is the same)."""
    for config in apps.get_app_configs():
        if not config.name.startswith("gdnn.") and config.name != "django_tasks_db":
            continue
        if not isinstance(config.verbose_name, Promise):
            config.verbose_name = gettext_lazy(config.verbose_name)
        for model in config.get_models():
            meta = model._meta
            default_name = "verbose_name" not in meta.original_attrs
            for attr in ("verbose_name", "verbose_name_plural"):
                # Django's default plural is a lazy "<name>s": a default for a default name only.
                if attr not in meta.original_attrs and (default_name or attr == "verbose_name"):
                    setattr(meta, attr, gettext_lazy(str(getattr(meta, attr))))
            for field in meta.get_fields():
                label = getattr(field, "verbose_name", None)
                if isinstance(label, str) and not isinstance(label, Promise):
                    field.verbose_name = gettext_lazy(label)


class WebConfig(AppConfig):
    name = "gdnn.web"
    label = "web"

    def ready(self) -> None:
        admin_labels_translatable()
