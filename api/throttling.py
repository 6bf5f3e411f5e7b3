"""The API's rate limit: the site's own (``cspplan.ratelimit``), counted per client address in
the cache under the scope "api" (``CSPPLAN_RATE_API``), so behind a proxy it reads the same
address as every other limit and, with a shared cache, holds across workers."""

from rest_framework.throttling import BaseThrottle

from cspplan import ratelimit


class AddressRateThrottle(BaseThrottle):
    scope = "api"

    def allow_request(self, request, view):
        self.retry_after = ratelimit.hit(self.scope, request)
        return self.retry_after == 0

    def wait(self):
        return self.retry_after
