"""The picture search form: every filter a picture editor uses, prefilled from the title."""

from django import forms
from django.http import QueryDict

from integration.getty import query_builder as qb
from integration.placements import Placement
from integration.search_prefill import SearchPrefill

FAMILY_CHOICES = (("creative", "Creative"), ("editorial", "Editorial"))
SORT_CHOICES = (
    ("best_match", "Best match"),
    ("most_popular", "Most popular"),
    ("newest", "Newest"),
    ("oldest", "Oldest (editorial)"),
    ("random", "Random"),
)
PAGE_SIZE_CHOICES = (("30", "30"), ("60", "60"), ("100", "100"))
PHRASE_TOO_LONG = f"Keep the search words under {qb.PHRASE_MAX_CHARS} characters."
BAD_COLLECTION_CODE = "Collection codes are letters and digits, separated by commas (e.g. MOM, GYI)."
DATES_REVERSED = "The start date must be on or before the end date."
TOO_MANY_COLLECTIONS = f"Name at most {qb.COLLECTION_CODES_MAX} collections."


def _choices(values) -> list[tuple[str, str]]:
    return [(v, v.replace("_", " ").capitalize()) for v in values]


class _FixedChoices:
    """Choices fixed in this module, shared by every form instead of deep-copied for each one.

    Django deep-copies a choice field's choices for every form it builds; for this form's long lists
    that cost more than validating the form. Nothing edits them in place (a form that needs other
    choices assigns a new list, as `product` does), so sharing them is safe.
    """

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)  # the widget, messages and validators, not the choices


class FixedChoiceField(_FixedChoices, forms.ChoiceField):
    pass


class FixedMultipleChoiceField(_FixedChoices, forms.MultipleChoiceField):
    pass


class PictureSearchForm(forms.Form):
    # `purpose` in the URL and the API: a placement.
    purpose = FixedChoiceField(
        label="Picture for", choices=Placement.choices, initial=Placement.FRONT_COVER, required=False
    )
    product = forms.TypedChoiceField(
        label="Product (trim size)", coerce=int, required=False, empty_value=None
    )
    phrase = forms.CharField(label="Search words", required=False, max_length=qb.PHRASE_MAX_CHARS)
    family = FixedChoiceField(label="Family", choices=FAMILY_CHOICES, initial="creative", required=False)
    orientations = FixedMultipleChoiceField(
        label="Orientation",
        choices=_choices(qb.ORIENTATIONS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    number_of_people = FixedMultipleChoiceField(
        label="Number of people",
        choices=_choices(qb.NUMBER_OF_PEOPLE),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    compositions = FixedMultipleChoiceField(
        label="Composition", choices=_choices(qb.COMPOSITIONS), required=False, widget=forms.SelectMultiple
    )
    graphical_styles = FixedMultipleChoiceField(
        label="Graphical style",
        choices=_choices(qb.GRAPHICAL_STYLES),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minimum_size = FixedChoiceField(
        label="Minimum size", choices=[("", "Any size"), *_choices(qb.MINIMUM_SIZES)], required=False
    )
    moods = FixedMultipleChoiceField(
        label="Mood (creative)",
        choices=_choices(qb.MOODS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    editorial_segments = FixedMultipleChoiceField(
        label="Editorial segment",
        choices=_choices(qb.EDITORIAL_SEGMENTS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    date_from = forms.DateField(
        label="Taken from (editorial)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="Taken until (editorial)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    collection_codes = forms.CharField(label="Collections", required=False, max_length=300)
    collections_filter_type = FixedChoiceField(
        label="Collections are",
        choices=(("include", "the only ones to include"), ("exclude", "excluded")),
        initial="include",
        required=False,
    )
    safe_search = forms.BooleanField(label="Safe search", required=False)
    sort_order = FixedChoiceField(label="Sort by", choices=SORT_CHOICES, initial="best_match", required=False)
    page = forms.IntegerField(min_value=1, max_value=qb.PAGE_MAX, required=False, initial=1)
    # Any size Getty accepts (1-100) through the URL or API; the page offers three.
    page_size = forms.IntegerField(
        label="Per page",
        min_value=1,
        max_value=qb.PAGE_SIZE_MAX,
        initial=qb.PAGE_SIZE_DEFAULT,
        required=False,
        widget=forms.Select(choices=PAGE_SIZE_CHOICES),
    )

    def __init__(self, *args, product_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [("", "Tallest product"), *product_choices]

    def clean_purpose(self):
        return self.cleaned_data.get("purpose") or Placement.INTERIOR

    def clean_family(self):
        return self.cleaned_data.get("family") or "creative"

    def clean_phrase(self):
        phrase = qb.clean_phrase(self.cleaned_data.get("phrase") or "")
        if len(phrase) > qb.PHRASE_MAX_CHARS:
            raise forms.ValidationError(PHRASE_TOO_LONG)
        return phrase

    def clean_collection_codes(self):
        raw = self.cleaned_data.get("collection_codes") or ""
        codes = [c.strip() for c in raw.split(",") if c.strip()]
        if any(not qb.COLLECTION_CODE_RE.fullmatch(code) for code in codes):
            raise forms.ValidationError(BAD_COLLECTION_CODE)
        if len(codes) > qb.COLLECTION_CODES_MAX:
            raise forms.ValidationError(TOO_MANY_COLLECTIONS)
        return [c.upper() for c in codes]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", DATES_REVERSED)
        return data

    def to_query(self) -> qb.SearchQuery:
        """The SearchQuery of a valid form."""
        d = self.cleaned_data
        return qb.SearchQuery(
            phrase=d.get("phrase") or "",
            family=d.get("family") or "creative",
            orientations=tuple(d.get("orientations") or ()),
            number_of_people=tuple(d.get("number_of_people") or ()),
            compositions=tuple(d.get("compositions") or ()),
            graphical_styles=tuple(d.get("graphical_styles") or ()),
            minimum_size=d.get("minimum_size") or "",
            moods=tuple(d.get("moods") or ()),
            editorial_segments=tuple(d.get("editorial_segments") or ()),
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
            collection_codes=tuple(d.get("collection_codes") or ()),
            collections_filter_type=d.get("collections_filter_type") or "include",
            safe_search=bool(d.get("safe_search")),
            sort_order=d.get("sort_order") or "best_match",
            page=d.get("page") or 1,
            page_size=d.get("page_size") or qb.PAGE_SIZE_DEFAULT,
        )


def form_data_from_prefill(prefill: SearchPrefill) -> dict:
    """Initial values that show a prefilled search in the form, field by field."""
    query = prefill.query
    return {
        "purpose": prefill.placement,
        "product": prefill.product_id,
        "phrase": query.phrase,
        "family": query.family,
        "orientations": list(query.orientations),
        "number_of_people": list(query.number_of_people),
        "compositions": list(query.compositions),
        "graphical_styles": list(query.graphical_styles),
        "minimum_size": query.minimum_size,
        "moods": list(query.moods),
        "editorial_segments": list(query.editorial_segments),
        "date_from": query.date_from,
        "date_to": query.date_to,
        "collection_codes": ", ".join(query.collection_codes),
        "collections_filter_type": query.collections_filter_type,
        "safe_search": query.safe_search,
        "sort_order": query.sort_order,
        "page": 1,
        "page_size": str(query.page_size),
    }


def form_data_as_params(form_data: dict) -> QueryDict:
    """Form values as the query string the form would submit (unchecked boxes and empty fields left out)."""
    params = QueryDict(mutable=True)
    for name, value in form_data.items():
        if value is None or value is False or value == "" or value == []:
            continue
        if isinstance(value, list):
            params.setlist(name, [str(v) for v in value])
        else:
            params[name] = "on" if value is True else str(value)
    return params
