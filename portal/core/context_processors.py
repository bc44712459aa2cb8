from django.conf import settings


def portal(request):
    return {"DEBUG": settings.DEBUG, "SITE_URL": settings.SITE_URL}
