from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Thai unless the person chose otherwise.

    The choice is the logged-in person's saved language, else the language
    cookie the switch sets, else Thai. Unlike Django's LocaleMiddleware this
    ignores the browser's Accept-Language: the service is Thai first, and an
    English-language browser on a government desk should not silently switch a
    Thai user to English.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        languages = dict(settings.LANGUAGES)
        user = getattr(request, "user", None)
        code = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if code not in languages:
            code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if code not in languages:
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        patch_vary_headers(response, ("Cookie",))
        translation.deactivate()
        return response
