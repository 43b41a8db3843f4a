import time

from django.urls import reverse


class SlowPingMiddleware:
    """Answers the ping 800 ms after the app merged it, for a browser with the `slow_ping` cookie:
    a busy server whose answer comes late, while its clock has already counted the ping."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if 'slow_ping' in request.COOKIES and request.path == reverse('session_security_ping'):
            time.sleep(0.8)
        return response
