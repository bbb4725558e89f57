"""The expiry watch's memory: one row per warning given about a licence, so each is given once.

A warning is keyed by what it warns about: a window before the end date ("window:30:2027-06-30"), the
end itself ("expired:2027-06-30"), or a product publishing after the end
("at_risk:<product>:<publication date>:<end date>"). The end date is part of the key: when Legal
extends a licence, the new end date earns its own warnings. The row is written in the transaction that
queues the notification (an outbox row), and the database keeps one per licence and key, so a second
run of the same day, or two runs at once, warn nobody twice.
"""

from django.db import models

from integration.models import Product

from .licences import Licence


class LicenceAlert(models.Model):
    class Kind(models.TextChoices):
        EXPIRING = "expiring", "Expiring within a warning window"
        EXPIRED = "expired", "Expired"
        AT_RISK = "at_risk", "A product publishes after the licence ends"

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=80)
    window_days = models.PositiveIntegerField(null=True, blank=True)
    valid_until = models.DateField()  # the end date warned about
    product = models.ForeignKey(Product, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["licence", "key"], name="rights_one_alert_per_licence_and_key")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: licence #{self.licence_id} ({self.key})"
