from django.contrib.auth import views as auth
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.generic import TemplateView


def page(template):
    return login_required(TemplateView.as_view(template_name=template))


urlpatterns = [
    path('', page('home.html'), name='home'),
    path('data-start/', page('data-start.html'), name='data-start'),
    path('accounts/login/', auth.LoginView.as_view(), name='login'),
    path('accounts/logout/', auth.LogoutView.as_view(), name='logout'),
    path('session_security/', include('session_security.urls')),
]
