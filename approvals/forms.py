"""Browser forms. They validate input and build the service's arguments; services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from config.inputs import ModelIdsField, count_field, id_field, parse_id, too_many
from integration.models import ShortlistItem, Title
from integration.territories import (
    territory_codes,
    territory_labels,
    unknown_territories,
    unknown_territories_message,
)

from .actions import Action
from .inputs import (
    BULK_APPROVE_MAX,
    NOTIFICATIONS_MAX,
    PRODUCTS_MAX,
    SUBMIT_ITEMS_MAX,
    parse_version,
    version_field,
)
from .models.requests import WORLD, Channel, Currency, Placement
from .services import IntendedUse


class IntendedUseForm(forms.Form):
    placement = forms.ChoiceField(choices=Placement.choices, initial=Placement.INTERIOR)
    products = ModelIdsField(
        queryset=None,
        max_count=PRODUCTS_MAX,
        noun="products",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: all products.",
    )
    channels = forms.MultipleChoiceField(
        choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    territories = forms.CharField(
        initial=WORLD, max_length=300, help_text="WORLD, or country codes separated by spaces (GB IE)."
    )
    print_run = count_field(required=False)
    period_start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    fee = forms.DecimalField(required=False, min_value=0, max_digits=10, decimal_places=2)
    fee_currency = forms.ChoiceField(
        choices=Currency.choices, initial=Currency.GBP, required=False, label="Currency"
    )
    consonance_todo_id = forms.ChoiceField(
        required=False,
        label="Consonance to-do",
        help_text="The manuscript, jacket or marketing task this picture is for, if any.",
    )

    def __init__(self, *args, title: Title, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = title
        products = title.products.order_by("publication_date", "id")
        self.fields["products"].queryset = products
        initial = sales_territories(products)
        self.fields["territories"].initial = initial
        self.fields["territories"].help_text = territories_help(self.initial.get("territories") or initial)
        choices = [("", "None"), *todo_choices(title)]
        current = str(self.initial.get("consonance_todo_id") or "")
        if current and current not in {value for value, _ in choices}:
            choices.append((current, f"To-do {current}"))  # keep a request's to-do once it is done
        self.fields["consonance_todo_id"].choices = choices

    def clean_territories(self) -> tuple[str, ...]:
        codes = territory_codes(self.cleaned_data["territories"])
        if unknown := unknown_territories(codes):
            raise ValidationError(unknown_territories_message(unknown))
        return codes

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The period ends before it starts.")
        return cleaned

    def intended_use(self) -> IntendedUse:
        data = self.cleaned_data
        return IntendedUse(
            title=self.title,
            placement=data["placement"],
            products=tuple(data["products"]),
            channels=tuple(data["channels"]),
            territories=data["territories"],
            print_run=data["print_run"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            fee=data["fee"],
            fee_currency=data["fee_currency"] or Currency.GBP,
            consonance_todo_id=data["consonance_todo_id"],
        )

    @staticmethod
    def initial_from(approval_request) -> dict:
        return {
            "placement": approval_request.placement,
            "products": list(approval_request.products.all()),
            "channels": approval_request.channels,
            "territories": " ".join(approval_request.territories),
            "print_run": approval_request.print_run,
            "period_start": approval_request.period_start,
            "period_end": approval_request.period_end,
            "fee": approval_request.fee,
            "fee_currency": approval_request.fee_currency,
            "consonance_todo_id": approval_request.consonance_todo_id,
        }


def territories_help(codes: str) -> str:
    """The field's rule, with the names of the codes it starts with ("GB — United Kingdom")."""
    known = [label for label in territory_labels(territory_codes(codes)) if not label.endswith("unknown")]
    named = f" Prefilled: {'; '.join(known)}." if known else ""
    return f"WORLD, or ISO country codes separated by spaces (GB IE).{named}"


def sales_territories(products) -> str:
    """What the title may be sold in, as the territory field expects it: WORLD or country codes."""
    products = list(products)
    if not products or any(p.for_sale_worldwide for p in products):
        return WORLD
    countries = sorted({c for p in products for c in p.for_sale_countries})
    return " ".join(countries) if countries else WORLD


def todo_choices(title: Title) -> list[tuple[str, str]]:
    """The title's open Consonance to-dos (mirrored by the title sync) as select options."""
    choices = []
    for todo in title.todos or []:
        if not isinstance(todo, dict) or todo.get("id") is None or todo.get("done"):
            continue
        kind = str(todo.get("kind") or "").title()
        label = f"{todo.get('title') or 'To-do'} ({kind})" if kind else str(todo.get("title") or "To-do")
        choices.append((str(todo["id"]), label))
    return choices


class ResubmitForm(IntendedUseForm):
    """The edited use, and the version of the request the person edited."""

    version = version_field()


class SubmitForm(IntendedUseForm):
    field_order = ["items"]
    items = ModelIdsField(
        queryset=None,
        max_count=SUBMIT_ITEMS_MAX,
        noun="pictures",
        widget=forms.CheckboxSelectMultiple,
        label="Pictures",
        error_messages={"required": "Choose at least one picture."},
    )

    def __init__(self, *args, title: Title, **kwargs):
        super().__init__(*args, title=title, **kwargs)
        self.fields["items"].queryset = ShortlistItem.objects.filter(title=title).select_related("asset")
        self.fields["items"].label_from_instance = lambda item: f"{item.asset.title} ({item.asset.getty_id})"

    @staticmethod
    def initial_from_query(query, title: Title) -> dict:
        """What the link to the page says: `?item=` ticks shortlist items (matched as text, so one
        that is not an id of this shortlist ticks nothing); `?purpose=` is the placement the search
        was for and `?product=` its product, both in the search's vocabulary. Anything else is ignored."""
        initial: dict = {"items": query.getlist("item")}
        if query.get("purpose") in Placement.values:
            initial["placement"] = query["purpose"]
        product = parse_id(query.get("product", ""))
        if product is not None:
            initial["products"] = list(title.products.filter(pk=product))
        return initial


CHOOSE_AN_ACTION = "Choose an action."


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a.value, a.value) for a in Action],
        error_messages={"required": CHOOSE_AN_ACTION, "invalid_choice": CHOOSE_AN_ACTION},
    )
    version = version_field()
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    assignee = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True), required=False
    )


NOTHING_TICKED = "Tick the requests to approve first."
PICK_UNREADABLE = "The queue page did not say which version of each request you saw. Reload it and try again."


class PicksField(forms.Field):
    """The queue's ticked rows, each "<request id>:<version seen>", as {request id: version}."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"required": NOTHING_TICKED, "invalid": PICK_UNREADABLE}

    def to_python(self, value) -> dict[int, int]:
        if len(value or []) > BULK_APPROVE_MAX:
            raise ValidationError(too_many(BULK_APPROVE_MAX, "requests"), code="too_many")
        picks = {}
        for pick in value or []:
            pk, _, version = str(pick).partition(":")
            pk, version = parse_id(pk), parse_version(version)
            if pk is None or version is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            picks[pk] = version
        return picks


class BulkApproveForm(forms.Form):
    pick = PicksField()
    comment = forms.CharField(required=False, max_length=4000)


class IdsField(forms.Field):
    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": "Those are not ids of anything on this page."}

    def to_python(self, value) -> list[int]:
        if len(value or []) > NOTIFICATIONS_MAX:
            raise ValidationError(too_many(NOTIFICATIONS_MAX, "notifications"), code="too_many")
        ids = [parse_id(v) for v in value or []]
        if None in ids:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return ids


class NotificationsReadForm(forms.Form):
    id = IdsField(required=False, help_text="None: every notification.")
    next = forms.CharField(required=False)


PLACEMENT_FILTER_CHOICES = [("", "Any placement"), *Placement.choices]


class QueueFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Title or picture", max_length=200)
    group = id_field(required=False)
    placement = forms.ChoiceField(choices=PLACEMENT_FILTER_CHOICES, required=False)
    overdue = forms.BooleanField(required=False, label="Overdue only")
    mine = forms.BooleanField(required=False, label="Assigned to me")
