"""The API's framework: one django-ninja object (`core.api`), token auth with scopes, rate limits and
quotas, one error shape, webhooks. Endpoints live in their apps as ninja routers (docs/api.md,
docs/decisions/0013-api-on-django-ninja.md)."""
