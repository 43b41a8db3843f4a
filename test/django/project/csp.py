import secrets


class ContentSecurityPolicyMiddleware:
    """What django-csp does for a strict site: a nonce per request as `request.csp_nonce`, and a
    policy with no 'unsafe-inline' at all. Styles fall back to `default-src 'self'`, so the style
    attribute of the package's own dialog.html is refused too (the drop-in hides it by the CSSOM)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        response['Content-Security-Policy'] = f"default-src 'self'; script-src 'self' 'nonce-{request.csp_nonce}'"
        return response
