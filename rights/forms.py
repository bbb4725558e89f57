"""Browser forms of the rights pages. They bound and parse input and build the service's arguments;
the services decide (and their refusals come back as field errors)."""

import re

from django import forms
from django.core.exceptions import ValidationError

from approvals.inputs import version_field
from approvals.models.requests import Channel, Currency
from config.inputs import ModelIdsField, count_field
from integration.territories import territory_codes, unknown_territories, unknown_territories_message

from .models import Licence
from .services import LicenceTerms
from .services.licensing import PROJECT_CODE_MAX
from .services.terms import CREDIT_MAX, NOTES_MAX, REASON_MAX, REFERENCE_MAX

PRODUCTS_MAX = 50
_PRODUCT_ID = re.compile(r"[0-9A-Za-z_-]{1,40}")


class LicenseForm(forms.Form):
    product = forms.CharField(
        max_length=40, error_messages={"required": "Choose the Getty product to pay with."}
    )
    project_code = forms.CharField(max_length=PROJECT_CODE_MAX, required=False)

    def clean_product(self) -> str:
        value = self.cleaned_data["product"].strip()
        if not _PRODUCT_ID.fullmatch(value):
            raise ValidationError("Choose one of the products listed.")
        return value


class TermsForm(forms.Form):
    territories = forms.CharField(
        max_length=300, help_text="WORLD, or country codes separated by spaces (GB IE)."
    )
    channels = forms.MultipleChoiceField(
        choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    products = ModelIdsField(
        queryset=None,
        max_count=PRODUCTS_MAX,
        noun="products",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    print_run_cap = count_field(required=False, label="Print-run cap", help_text="Empty: no cap.")
    valid_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The last day the licence covers.",
    )
    perpetual = forms.BooleanField(required=False, help_text="No end date (royalty-free licences).")
    fee = forms.DecimalField(required=False, min_value=0, max_digits=10, decimal_places=2)
    fee_currency = forms.ChoiceField(choices=Currency.choices, initial=Currency.GBP, label="Currency")
    licence_reference = forms.CharField(max_length=REFERENCE_MAX, required=False)
    credit_line = forms.CharField(max_length=CREDIT_MAX, required=False, label="Required credit line")
    notes = forms.CharField(max_length=NOTES_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why (kept in the licence's history)",
    )
    version = version_field()

    def __init__(self, *args, licence: Licence, **kwargs):
        super().__init__(*args, **kwargs)
        self.licence = licence
        self.fields["products"].queryset = licence.title.products.order_by("publication_date", "id")

    @staticmethod
    def initial_from(licence: Licence) -> dict:
        return {
            "territories": " ".join(licence.territories),
            "channels": licence.channels,
            "products": list(licence.products.all()),
            "print_run_cap": licence.print_run_cap,
            "valid_from": licence.valid_from,
            "valid_until": licence.valid_until,
            "perpetual": licence.perpetual,
            "fee": licence.fee,
            "fee_currency": licence.fee_currency,
            "licence_reference": licence.licence_reference,
            "credit_line": licence.credit_line,
            "notes": licence.notes,
            "version": licence.version,
        }

    def clean_territories(self) -> tuple[str, ...]:
        codes = territory_codes(self.cleaned_data["territories"])
        if unknown := unknown_territories(codes):
            raise ValidationError(unknown_territories_message(unknown))
        return codes

    def terms(self) -> LicenceTerms:
        data = self.cleaned_data
        return LicenceTerms(
            territories=data["territories"],
            channels=tuple(data["channels"]),
            products=tuple(data["products"]),
            print_run_cap=data["print_run_cap"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            perpetual=data["perpetual"],
            fee=data["fee"],
            fee_currency=data["fee_currency"],
            licence_reference=data["licence_reference"],
            credit_line=data["credit_line"],
            notes=data["notes"],
        )


class LicenceListFilter(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any status"), *Licence.Status.choices], required=False)
