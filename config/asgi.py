import os
from typing import Any

import django
from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup(set_prefix=False)  # as get_asgi_application() does; the handlers are config.http's

from config.http import HttpApplication  # noqa: E402

django_asgi_app: Any = HttpApplication()
if settings.SERVE_STATIC:
    # The embedded set-up has no nginx in front; deployments serve /static/ from nginx instead.
    django_asgi_app = ASGIStaticFilesHandler(django_asgi_app)

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from contests.routing import websocket_urlpatterns as contest_websockets  # noqa: E402
from judge.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns + contest_websockets))
        ),
    }
)
