import time

from django.contrib.auth import views as auth
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import include, path
from django.views.generic import TemplateView


def slow_redirect(request, hops):
    # A sign-in that lands through slow pages: each request is activity the server stamps when it
    # arrives, then takes a second before it redirects (to the next hop, at last to the home page).
    time.sleep(1)
    return HttpResponseRedirect(f'/slow/{hops - 1}/' if hops > 1 else '/')


def page(template):
    return login_required(TemplateView.as_view(template_name=template))


urlpatterns = [
    path('', page('home.html'), name='home'),
    path('data-start/', page('data-start.html'), name='data-start'),
    path('slow/<int:hops>/', login_required(slow_redirect)),
    path('accounts/login/', auth.LoginView.as_view(), name='login'),
    # One path segment: the continued fork renders this URL unquoted, as a JavaScript RegExp
    # literal, which a path of more segments (`/accounts/logout/`) would make a syntax error.
    path('logout/', auth.LogoutView.as_view(), name='logout'),
    path('session_security/', include('session_security.urls')),
    # Asked for by the browser itself: answered, so that the console shows only what pages do.
    path('favicon.ico', lambda request: HttpResponse(status=204)),
]
