from django.http import HttpResponse


def queue(request):
    return HttpResponse("")


def my_requests(request):
    return HttpResponse("")


def request_detail(request, pk):
    return HttpResponse("")
