import factory
from django.utils import timezone

from integration.models import SyncRun


class SyncRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SyncRun

    kind = SyncRun.Kind.INCREMENTAL
    status = SyncRun.Status.SUCCEEDED
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyAttribute(lambda o: o.started_at)
