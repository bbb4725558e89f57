"""Read-only mirror of Consonance works (our Titles) and their products."""

from django.db import models


class Title(models.Model):
    """A Consonance work. Consonance is the source of truth; only the sync writes these rows."""

    consonance_id = models.IntegerField(unique=True)
    title = models.CharField(max_length=500)
    subtitle = models.CharField(max_length=500, blank=True)
    work_type = models.CharField(max_length=100, blank=True)
    edition_number = models.IntegerField(null=True, blank=True)
    contributors = models.CharField(max_length=1000, blank=True)
    imprint_id = models.IntegerField(null=True, blank=True, db_index=True)
    imprint_name = models.CharField(max_length=200, blank=True, db_index=True)
    # [{"scheme": "THEMA", "code": "FBA", "description": "Modern & contemporary fiction"}]
    subjects = models.JSONField(default=list, blank=True)
    # Lower-cased codes and descriptions joined, so list filters can use a plain `icontains`.
    subject_text = models.TextField(blank=True)
    series = models.JSONField(default=list, blank=True)
    supporting_resources = models.JSONField(default=list, blank=True)
    todos = models.JSONField(default=list, blank=True)
    # Union of the products' keywords, in Consonance's order: seeds the Getty search.
    keywords = models.JSONField(default=list, blank=True)
    # ONIX list 28 audience of the products (01 general, 02 children, 03 young adult, ...).
    audience_code = models.CharField(max_length=4, blank=True, db_index=True)
    # Top-level Thema (else BIC) subject heading, e.g. "Fiction": a coarse genre for lists and searches.
    genre = models.CharField(max_length=100, blank=True, db_index=True)
    # Earliest publication date among the products: how the list sorts and filters by date.
    first_publication_date = models.DateField(null=True, blank=True, db_index=True)
    # False once a complete full sync no longer finds the work in Consonance; titles are never deleted.
    is_active = models.BooleanField(default=True, db_index=True)
    # When the sync last changed this row or one of its products (a sync that finds nothing changed
    # leaves it alone). Caches of what is built from a title and its products are keyed on it.
    synced_at = models.DateTimeField()

    class Meta:
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["title"])]

    def __str__(self):
        return self.title

    @property
    def full_title(self) -> str:
        return f"{self.title}: {self.subtitle}" if self.subtitle else self.title


class Product(models.Model):
    """An edition or format of a Title (hardback, paperback, ebook, audio)."""

    consonance_id = models.IntegerField(unique=True)
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="products")
    full_title = models.CharField(max_length=500)
    subtitle = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=60, blank=True)  # GraphQL type, e.g. PhysicalBookProduct
    isbn13 = models.CharField(max_length=13, blank=True, db_index=True)
    onix_form_code = models.CharField(max_length=4, blank=True, db_index=True)
    format_name = models.CharField(max_length=100, blank=True)
    edition_name = models.CharField(max_length=100, blank=True)
    publication_date = models.DateField(null=True, blank=True, db_index=True)
    publishing_status = models.CharField(max_length=4, blank=True)
    for_sale_countries = models.JSONField(default=list, blank=True)
    not_for_sale_countries = models.JSONField(default=list, blank=True)
    for_sale_worldwide = models.BooleanField(default=False)
    height_cm = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    page_count = models.IntegerField(null=True, blank=True)
    marketing_text = models.TextField(blank=True)
    synced_at = models.DateTimeField()

    class Meta:
        ordering = ["publication_date", "id"]

    def __str__(self):
        return f"{self.full_title} ({self.format_name or self.onix_form_code}, {self.isbn13})"
