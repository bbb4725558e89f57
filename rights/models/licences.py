"""A licence: what Getty said about a download, joined with the terms Legal confirms for this use.

Getty gives no per-asset territory, term or print run (shared/contracts/GETTY.md): those come from the
agreement and from Legal, and are recorded here. The Getty facts are copied at licensing time, so the
record says what was true when the picture was licensed even if Getty later changes the asset.
Every change is a LicenceEvent (who, why, when), written in the same transaction.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from approvals.models import ApprovalRequest
from approvals.models.requests import Channel, Currency
from integration.models import Asset, Product, Title

from .downloads import Download


class Licence(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRING = "expiring", "Expiring"
        EXPIRED = "expired", "Expired"
        WITHDRAWN = "withdrawn", "Withdrawn by Getty"
        SUPERSEDED = "superseded", "Superseded"

    # Set by events, never by the passing of time: a withdrawn or superseded licence stays so.
    FINAL_STATUSES = (Status.WITHDRAWN, Status.SUPERSEDED)

    request = models.OneToOneField(ApprovalRequest, on_delete=models.PROTECT, related_name="licence")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="licences")
    title = models.ForeignKey(Title, on_delete=models.PROTECT, related_name="licences")
    # The download that licensed it. A royalty-free picture downloaded once is licensed for every
    # permitted use, so later licences of it point at that first download.
    download = models.ForeignKey(Download, on_delete=models.PROTECT, related_name="licences")

    # --- what Getty said -------------------------------------------------------------------------
    license_model = models.CharField(max_length=20, choices=Asset.LicenseModel.choices)
    downloaded_at = models.DateTimeField()
    getty_product_id = models.CharField(max_length=40)
    getty_product_type = models.CharField(max_length=40)
    getty_product_name = models.CharField(max_length=200, blank=True)
    agreement_name = models.CharField(max_length=300, blank=True)
    product_expires_at = models.DateTimeField(null=True, blank=True)
    allowed_use = models.TextField(blank=True)
    release_info = models.CharField(max_length=200, blank=True)
    restrictions = models.JSONField(default=list, blank=True)
    getty_credit_line = models.CharField(max_length=300, blank=True)

    # --- the terms Legal confirms ------------------------------------------------------------------
    territories = models.JSONField(default=list, blank=True)  # ["WORLD"] or ISO 3166-1 alpha-2 codes
    channels = models.JSONField(default=list, blank=True)  # approvals' Channel values
    products = models.ManyToManyField(Product, blank=True, related_name="licences")
    print_run_cap = models.PositiveIntegerField(null=True, blank=True)  # None: no cap
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True, db_index=True)
    perpetual = models.BooleanField(default=False)
    fee = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    fee_currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.GBP)
    licence_reference = models.CharField(max_length=100, blank=True)
    credit_line = models.CharField(max_length=300, blank=True)  # the credit the book must print
    notes = models.TextField(blank=True)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    legal_confirmed_at = models.DateTimeField(null=True, blank=True)
    legal_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    licensed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    # Compare-and-set guard: every change runs UPDATE ... WHERE id=? AND version=?.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [
            ("license_picture", "Can license an approved picture at Getty"),
            ("confirm_licence_terms", "Can confirm the terms of a licence"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(perpetual=True) | Q(valid_until__isnull=True),
                name="rights_perpetual_licence_has_no_end",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="rights_licence_ends_after_it_starts",
            ),
        ]
        indexes = [
            models.Index(fields=["title", "status"]),
            # The daily expiry scan: licences of a status whose end date falls before a day.
            models.Index(fields=["status", "valid_until"], name="licence_expiry_scan"),
        ]

    def __str__(self):
        return f"Licence #{self.pk}: {self.asset.getty_id} for {self.title}"

    @property
    def is_confirmed(self) -> bool:
        return self.legal_confirmed_at is not None

    @property
    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [labels.get(value, value) for value in self.channels]


class LicenceEvent(models.Model):
    """One change of a licence: append-only, written in the transaction of the change."""

    class Kind(models.TextChoices):
        LICENSED = "licensed", "Licensed at Getty"
        FILE_STORED = "file_stored", "File stored"
        FILE_REFUSED = "file_refused", "File refused"
        TERMS_CONFIRMED = "terms_confirmed", "Terms confirmed by Legal"
        TERMS_CHANGED = "terms_changed", "Terms changed"
        STATUS_CHANGED = "status_changed", "Status changed"
        USAGE_RECORDED = "usage_recorded", "Usage recorded"

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)  # why, in the actor's words (or the system's)
    details = models.JSONField(default=dict, blank=True)  # what changed: {"field": [before, after]}
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} on licence #{self.licence_id} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # History is data: an event, once written, is never rewritten.
        if self.pk is not None:
            raise ValueError("Licence events are append-only.")
        super().save(*args, **kwargs)
