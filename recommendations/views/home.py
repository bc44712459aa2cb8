from django.shortcuts import render

from recommendations.selectors.pilots import pilots_overview


def home(request):
    return render(request, "home.html", {"pilots": pilots_overview(request.user)})
