from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Thai unless the person chose otherwise.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    the service is Thai first, and an English-language browser on a government
    desk should not silently switch a Thai user to English. The choice made with
    the language switch is kept in a cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        patch_vary_headers(response, ("Cookie",))
        translation.deactivate()
        return response
