"""Every kind of form widget gets its NL Design System class, so a select looks like a select and
a checkbox like a checkbox (issue 11, layout)."""

from __future__ import annotations

from django import forms

from participatie.kernel.forms import NlFormMixin


class _Everything(NlFormMixin, forms.Form):
    text = forms.CharField()
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    choice = forms.ChoiceField(choices=[("a", "A")])
    many = forms.MultipleChoiceField(choices=[("a", "A")])
    maybe = forms.NullBooleanField()
    agreed = forms.BooleanField()
    one = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
    some = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(widget=forms.Textarea)


def _css(name: str) -> str:
    return _Everything().fields[name].widget.attrs["class"]


def test_selects_of_every_kind_get_the_select_class():
    for name in ("choice", "many", "maybe"):
        assert _css(name) == "utrecht-select utrecht-select--html-select", name


def test_checkboxes_and_radio_buttons_get_their_own_class():
    assert _css("agreed") == "utrecht-checkbox utrecht-checkbox--html-input"
    assert _css("some") == "utrecht-checkbox utrecht-checkbox--html-input"
    assert _css("one") == "utrecht-radio-button utrecht-radio-button--html-input"


def test_text_and_date_fields_are_text_boxes_and_textareas_textareas():
    assert _css("text") == "utrecht-textbox utrecht-textbox--html-input"
    assert _css("when") == "utrecht-textbox utrecht-textbox--html-input"
    assert _css("notes") == "utrecht-textarea utrecht-textarea--html-textarea"
