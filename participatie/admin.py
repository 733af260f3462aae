"""Django admin for platform staff: global tables only. Login goes through allauth (password,
TOTP, lockout); the admin's own login form would skip all three."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from participatie.accounts.tokens import api_token_revoke
from participatie.models import (
    ApiToken,
    Invitation,
    Membership,
    Municipality,
    Organisation,
    Region,
    User,
)


def admin_login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    if request.user.is_authenticated:
        # Logged in but not staff: sending them to the login page would bounce straight back.
        raise PermissionDenied(_("U heeft geen toegang tot het beheer."))
    return redirect_to_login(request.GET.get("next") or request.get_full_path())


admin.site.login = admin_login  # type: ignore[method-assign]
admin.site.site_header = _("Participatie beheer")
admin.site.site_title = _("Participatie beheer")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "cbs_code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "slug", "cbs_code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """The model's validator and ``clean()`` check the KvK number (8 digits) on save."""

    list_display = ["name", "kind", "kvk_number", "municipality", "region"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "kvk_number"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fields = [
        "email",
        "first_name",
        "last_name",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
    ]
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are made on the invitation page, which sends the mail."""

    list_display = ["email", "organisation", "role", "created_by", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = [f.name for f in Invitation._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.action(description=_("Geselecteerde tokens intrekken"))
def revoke_tokens(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: object) -> None:
    for token in queryset:  # type: ignore[attr-defined]
        api_token_revoke(token=token)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Only hashes are stored; they are shown read-only. Tokens are issued by their owner or with
    ``manage.py issue_api_token``."""

    list_display = ["name", "user", "prefix", "expires_at", "revoked_at", "last_used_at"]
    search_fields = ["name", "user__email", "prefix"]
    readonly_fields = [f.name for f in ApiToken._meta.fields]
    actions = [revoke_tokens]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
