"""The template tags of django-session-security-continued 3.0, as its all.html uses them."""
from django import template
from django.conf import settings
from session_security.settings import EXPIRE_AFTER, WARN_AFTER

register = template.Library()


@register.filter
def warn_after(request):
    return WARN_AFTER


@register.filter
def expire_after(request):
    return EXPIRE_AFTER


@register.filter
def redirect_to_logout(request):
    return getattr(settings, 'SESSION_SECURITY_REDIRECT_TO_LOGOUT', False)


@register.simple_tag
def session_security_script_path():
    return getattr(settings, 'SESSION_SECURITY_JS_PATH', 'session_security/script.js')
