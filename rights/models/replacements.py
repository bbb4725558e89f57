"""A replacement: the approval request of a new picture chosen to take a licensed picture's place.

The link lives here, on the rights side, because approvals must not know licences (the import
contracts): the new picture goes through the ordinary approval workflow, and this row says which
licence it replaces. When the new picture is licensed, the old licence and its usages are superseded
(rights/services/replacements.py) and `new_licence` / `completed_at` record it.
"""

from django.conf import settings
from django.db import models

from approvals.models import ApprovalRequest

from .licences import Licence


class Replacement(models.Model):
    licence = models.ForeignKey(Licence, on_delete=models.PROTECT, related_name="replacements")
    request = models.OneToOneField(ApprovalRequest, on_delete=models.PROTECT, related_name="replacement_of")
    # Why a replacement was sought: the licence's status when the picture was chosen (withdrawn,
    # expiring, expired, or active but blocking a clearance check).
    licence_status = models.CharField(max_length=12, choices=Licence.Status.choices)
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    new_licence = models.OneToOneField(
        Licence, on_delete=models.PROTECT, null=True, blank=True, related_name="replaced"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # Rights, Editorial and Marketing look for replacements; those who submit pictures for
        # approval (Editorial, Marketing) choose one (the model's add permission).
        permissions = [("find_replacement", "Can look for a replacement of a licensed picture")]

    def __str__(self):
        return f"Request #{self.request_id} replaces licence #{self.licence_id}"
