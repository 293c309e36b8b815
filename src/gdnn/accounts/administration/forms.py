"""Forms of the user administration pages (parsing only; the scope rules live in the services)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gdnn.accounts.models import Role, User
from gdnn.orgunits.picker import OrgUnitField


class RoleFields(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    # Any era, so that a unit that is no longer current is named in the refusal rather than "not found".
    org_unit = OrgUnitField(label=_("Unit (name or code)"), required=False, era="all",
                            help_text=_("Not needed for a system administrator or a national viewer."))

    def __init__(self, *args, roles: list[Role] = (), within=None, **kwargs):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [(r.value, r.label) for r in roles]
        if within is not None:
            cast(OrgUnitField, self.fields["org_unit"]).configure(within=within)


class UserCreateForm(RoleFields):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False,
                             help_text=_("With an e-mail the person gets a link to set their own password; "
                                         "without, you get a temporary password to pass on."))
    field_order = ["username", "full_name", "email", "role", "org_unit"]


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


class UsersImportForm(forms.Form):
    file = forms.FileField(label=_("Accounts file (.xlsx or .csv)"))


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, username, e-mail or unit"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("active", _("Active")), ("inactive", _("Deactivated")), ("all", _("All"))])


class UserPicker(forms.TextInput):
    """A text box that suggests the accounts the actor manages as you type (htmx fills a datalist
    from `users:pick`), like the org-unit picker."""

    template_name = "orgunits/picker.html"

    def format_value(self, value):  # type: ignore[no-untyped-def]
        return value.username if isinstance(value, User) else super().format_value(value)

    def get_context(self, name, value, attrs):  # type: ignore[no-untyped-def]
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-options"
        widget["attrs"].update({
            "list": list_id, "autocomplete": "off", "hx-get": f"{reverse('users:pick')}?field={name}",
            "hx-trigger": "input changed delay:250ms, focus once", "hx-target": f"#{list_id}", "hx-swap": "innerHTML",
            "placeholder": widget["attrs"].get("placeholder", gettext("Gõ tên đăng nhập hoặc họ tên")),
        })
        widget["list_id"] = list_id
        return context


class UserField(forms.CharField):
    """An account typed or picked by username (the suggestion's value); cleans to a User among
    `within` (the accounts the actor manages: the view sets it)."""

    widget = UserPicker

    def __init__(self, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "150")
        self.within: QuerySet[User] | None = None

    def to_python(self, value):  # type: ignore[no-untyped-def]
        text = super().to_python(value)
        if not text:
            return None
        username = text.split(" — ")[0].strip()
        users = self.within if self.within is not None else User.objects.none()
        user = users.filter(username__iexact=username).first()
        if user is None:
            raise forms.ValidationError(gettext("Không có tài khoản “%(username)s” trong phạm vi quản lý của bạn.")
                                        % {"username": username[:150]}, code="user")
        return user
