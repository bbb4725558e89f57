"""Getty asset-change sets as we received and processed them (withdrawals and updates of pictures).

Getty hands out one change set per channel until it is confirmed, and hands out the same set again
until then (shared/contracts/GETTY.md "Asset changes"). A row is written when a set first arrives;
`processed_at` is set in the transaction that marks its withdrawn assets (and everything the rights
hook does with them), and `confirmed_at` only after that transaction committed and Getty accepted
the confirmation. A set that failed half way keeps its `error` and no `processed_at`: nothing of it
was kept, and the next poll receives and processes it again.
"""

from django.db import models


class AssetChangeSet(models.Model):
    change_set_id = models.CharField(max_length=100, unique=True)
    channel_id = models.CharField(max_length=40)
    # The notices as Getty sent them: [{"id", "lifecycle", "asset_type", "changed_at"}].
    notices = models.JSONField(default=list, blank=True)
    received_at = models.DateTimeField(db_index=True)
    times_received = models.PositiveIntegerField(default=1)
    processed_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Getty ids of the pictures we hold that this set withdrew.
    withdrawn_getty_ids = models.JSONField(default=list, blank=True)
    # What the hooks did (e.g. {"licences_withdrawn": 2}), for the admin and the rights pages.
    outcome = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)  # why the last processing or confirmation failed

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self):
        return f"Change set {self.change_set_id} (channel {self.channel_id})"

    @property
    def state(self) -> str:
        if self.confirmed_at:
            return "confirmed"
        if self.processed_at:
            return "processed, not confirmed"
        return "failed" if self.error else "received"
