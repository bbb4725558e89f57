"""The clearance check form: bounded, parsed input for `clearance_check`; the service decides what makes
sense for each kind of event (and its refusals come back as field errors)."""

from django import forms
from django.core.exceptions import ValidationError

from approvals.inputs import PRODUCTS_MAX
from approvals.models.requests import Channel
from config.inputs import ModelIdsField, count_field
from integration.models import Title
from integration.territories import (
    territory_codes,
    territory_labels,
    unknown_territories,
    unknown_territories_message,
)

from .models import ClearanceCheck
from .services.clearance import NOTE_MAX, ClearanceEvent

TERRITORIES_CHARS = 1000  # 300 codes of two letters and a space, and then some


class ClearanceForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ClearanceCheck.Kind.choices,
        initial=ClearanceCheck.Kind.REPRINT,
        widget=forms.RadioSelect,
        label="What is planned",
    )
    planned_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        label="Planned date",
        help_text="The print date of a reprint, the publication or release date of the rest.",
    )
    products = ModelIdsField(
        queryset=None,
        max_count=PRODUCTS_MAX,
        noun="products",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A reprint or new format: the products it is for. Others: optional.",
    )
    quantity = count_field(required=False, label="Copies (a reprint)")
    territories = forms.CharField(
        max_length=TERRITORIES_CHARS,
        required=False,
        help_text=(
            "WORLD, or ISO country codes separated by spaces (GB IE FR). Empty: where the chosen "
            "products are for sale."
        ),
    )
    channels = forms.MultipleChoiceField(
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Checked as well as the event's own: print for a reprint, digital for an ebook or audio edition."
        ),
    )
    note = forms.CharField(max_length=NOTE_MAX, required=False, label="Note (for the record)")

    def __init__(self, *args, title: Title, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = title
        self.fields["products"].queryset = title.products.order_by("publication_date", "id")
        self.fields["products"].label_from_instance = lambda p: (
            f"{p.format_name or p.onix_form_code or 'Product'} {p.isbn13}".strip()
        )

    def clean_territories(self) -> tuple[str, ...]:
        codes = territory_codes(self.cleaned_data["territories"])
        if unknown := unknown_territories(codes):
            raise ValidationError(unknown_territories_message(unknown))
        return codes

    def event(self) -> ClearanceEvent:
        data = self.cleaned_data
        return ClearanceEvent(
            kind=data["kind"],
            planned_on=data["planned_on"],
            products=tuple(data["products"]),
            quantity=data["quantity"],
            territories=data["territories"],
            channels=tuple(data["channels"]),
            note=data["note"],
        )

    @property
    def territory_names(self) -> list[str]:
        value = self.data.get("territories", "") if self.is_bound else ""
        return [
            label for label in territory_labels(territory_codes(str(value))) if not label.endswith("unknown")
        ]
