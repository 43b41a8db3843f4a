from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder

# Listed before the app's own finder, so our build replaces the app's jQuery script, the way a site
# overrides any app's static file; the package itself stays untouched.
SERVED_AS = ('session_security/script.js', 'session-security.min.js')


class BuildFinder(BaseFinder):
    """Serves dist/session-security.min.js as the app's `session_security/script.js`."""

    def check(self, **kwargs):
        return []

    def find(self, path, all=False):
        if path not in SERVED_AS:
            return []
        return [str(settings.BUILD)] if all else str(settings.BUILD)

    def list(self, ignore_patterns):
        return []
