"""A minimal site protected by the Debian django-session-security, with our build as its script."""
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
BUILD = HERE.parent.parent / 'dist' / 'session-security.min.js'

SECRET_KEY = 'compatibility-suite-only'
DEBUG = True
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']

INSTALLED_APPS = [
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.sessions',
    'django.contrib.staticfiles',
    'session_security',
]

MIDDLEWARE = [
    # Outermost: it delays the answer after everything else handled the request.
    'project.slow_ping.SlowPingMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    # Just before session security: what it finds when a ping arrives.
    'project.arrival.ArrivalMiddleware',
    'session_security.middleware.SessionSecurityMiddleware',
]

ROOT_URLCONF = 'project.urls'

TEMPLATES = [
    {
        'BACKEND': 'django.template.backends.django.DjangoTemplates',
        'DIRS': [HERE / 'templates'],
        'APP_DIRS': True,
        'OPTIONS': {
            'context_processors': [
                'django.template.context_processors.request',
                'django.contrib.auth.context_processors.auth',
            ],
        },
    },
]

# The harness points this at a temporary directory.
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': os.environ.get('DJANGO_DB', str(HERE / 'db.sqlite3')),
    }
}
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
USE_TZ = False

STATIC_URL = '/static/'
STATICFILES_FINDERS = [
    'project.finders.BuildFinder',
    'django.contrib.staticfiles.finders.AppDirectoriesFinder',
]

LOGIN_REDIRECT_URL = 'home'
LOGOUT_REDIRECT_URL = 'login'

SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SECURITY_WARN_AFTER = 5
SESSION_SECURITY_EXPIRE_AFTER = 10
# The browser asks for the icon on its own after the page loads, a few hundred ms later on a busy
# machine: not the user's activity, and it moved the server's stamp after the leave proof had read it.
SESSION_SECURITY_PASSIVE_URLS = ['/favicon.ico']
