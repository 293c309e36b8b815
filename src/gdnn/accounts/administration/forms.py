"""Forms of the user administration pages (parsing only; the scope rules live in the services)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from gdnn.accounts.models import Role
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
