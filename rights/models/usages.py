"""Where a licensed picture is used (title, products, placement) and each printing with its quantity.

Clearance checks add a planned printing's quantity to what earlier printings used, so printings are rows
with their own date and quantity, never one running total that a lost update could corrupt.
"""

from django.conf import settings
from django.db import models

from integration.models import Product, Title
from integration.placements import Placement

from .licences import Licence


class Usage(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "In use"
        WITHDRAWN = "withdrawn", "Withdrawn (the picture must come out)"
        SUPERSEDED = "superseded", "Superseded (replaced)"

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="usages")
    title = models.ForeignKey(Title, on_delete=models.PROTECT, related_name="picture_usages")
    products = models.ManyToManyField(Product, blank=True, related_name="picture_usages")
    placement = models.CharField(max_length=20, choices=Placement.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_placement_display()} in {self.title} (licence #{self.licence_id})"


class Printing(models.Model):
    usage = models.ForeignKey(Usage, on_delete=models.CASCADE, related_name="printings")
    quantity = models.PositiveIntegerField()
    printed_on = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["printed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="rights_printing_quantity_positive"
            )
        ]

    def __str__(self):
        return f"{self.quantity:,} copies on {self.printed_on:%Y-%m-%d}"
