"""The same site as a django-session-security-continued 3.0 site renders it (the fork is not
installable here: its templates are reproduced in continued/, its template tags in
project/continued_tags.py): our build through its `SESSION_SECURITY_JS_PATH` setting, `returnToUrl`
with its redirect-to-logout setting, and a strict Content-Security-Policy as django-csp sends it."""
from .settings import *  # noqa: F401,F403
from .settings import HERE, MIDDLEWARE, TEMPLATES

# Found before the app's own templates, as a site's copy of an installed app's templates would be.
TEMPLATES[0]['DIRS'].insert(0, HERE / 'continued')
# The fork's tag library has the name of the app's, which it replaces.
TEMPLATES[0]['OPTIONS']['libraries'] = {'session_security_tags': 'project.continued_tags'}
MIDDLEWARE.insert(1, 'project.csp.ContentSecurityPolicyMiddleware')

SESSION_SECURITY_REDIRECT_TO_LOGOUT = True
# The clean way to serve our build on a continued site: its own name, no override of the app's file.
SESSION_SECURITY_JS_PATH = 'session-security.min.js'
