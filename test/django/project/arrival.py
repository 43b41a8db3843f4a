import time

from django.urls import reverse
from session_security.utils import get_last_activity


class ArrivalMiddleware:
    """Tells in a ping's answer when the ping reached session security's middleware (`X-Arrived`)
    and the stamp it found there (`X-Stamp`), epoch ms: the server ends a session by its own clock,
    so only it can say whether a report came in time or a busy machine delivered it too late."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != reverse('session_security_ping'):
            return self.get_response(request)
        arrived = time.time() * 1000
        session = request.session
        # Naive local time, as session security writes it; timestamp() reads it as local time too.
        stamp = get_last_activity(session).timestamp() * 1000 if '_session_security' in session else None
        response = self.get_response(request)
        response['X-Arrived'] = str(arrived)
        if stamp is not None:
            response['X-Stamp'] = str(stamp)
        return response
