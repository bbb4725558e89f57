"""The titles list filters: a GET form, so every filtered list is a bookmarkable URL."""

from django import forms

from integration.selectors.titles import title_format_choices, title_imprint_choices

BAD_DATE_RANGE = "The “published from” date is after the “published to” date."


class TitleFilterForm(forms.Form):
    query = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Title, contributor or ISBN", "autocomplete": "off"}
        ),
    )
    imprint = forms.ChoiceField(label="Imprint", required=False)
    format = forms.ChoiceField(label="Format", required=False)
    published_from = forms.DateField(
        label="Published from",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date as YYYY-MM-DD."},
    )
    published_to = forms.DateField(
        label="Published to",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date as YYYY-MM-DD."},
    )
    subject = forms.CharField(
        label="Subject",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "Code or words, e.g. FBA"}),
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[("", "Title A–Z"), ("newest", "Newest first"), ("oldest", "Oldest first")],
    )
    include_inactive = forms.BooleanField(label="Show inactive titles", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["imprint"].choices = [("", "Any imprint")] + [
            (name, name) for name in title_imprint_choices()
        ]
        self.fields["format"].choices = [("", "Any format")] + [
            (choice.code, choice.label) for choice in title_format_choices()
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("published_from"), cleaned.get("published_to")
        if start and end and start > end:
            raise forms.ValidationError(BAD_DATE_RANGE)
        return cleaned

    def selector_filters(self) -> dict:
        """The valid filters as `title_list` keyword arguments (invalid fields are left out)."""
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("query") or None,
            "imprint": data.get("imprint") or None,
            "format": data.get("format") or None,
            "published_from": data.get("published_from"),
            "published_to": data.get("published_to"),
            "subject": data.get("subject") or None,
            "include_inactive": bool(data.get("include_inactive")),
            "sort": data.get("sort") or None,
        }
