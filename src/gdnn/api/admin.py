from django.contrib import admin

from gdnn.api.models import ApiUserLimit, WebhookDelivery, WebhookSubscription


@admin.register(ApiUserLimit)
class ApiUserLimitAdmin(admin.ModelAdmin):
    """A user's own API limits over all their tokens (empty: the settings' defaults; 0: none)."""

    list_display = ("user", "rate_per_minute", "quota_per_day")
    search_fields = ("user__username",)
    autocomplete_fields = ("user",)


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    """Made through the API by the token's owner; here they can be turned off."""

    list_display = ("url", "events", "token", "active", "created_at")
    list_filter = ("active",)
    search_fields = ("url", "token__prefix", "token__user__username")
    readonly_fields = ("token", "url", "events", "created_at")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "event", "subscription", "status", "attempts", "last_status_code", "next_attempt_at")
    list_filter = ("status", "event")
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
