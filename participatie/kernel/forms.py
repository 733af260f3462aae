"""What every form of the site shares: the NL Design System look and accessible errors."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

# The one wording of an empty required field ("verplicht", never "vereist"), as a field's
# ``error_messages``; ``REQUIRED["required"]`` where a form adds the error itself.
REQUIRED = {"required": _("Dit veld is verplicht.")}

# The NL Design System class of each kind of widget; every other widget is a text box. A
# widget takes the class of its nearest listed ancestor, so SelectMultiple and NullBooleanSelect
# are selects and CheckboxSelectMultiple is checkboxes, not radio buttons.
WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
}
TEXTBOX_CLASS = "utrecht-textbox utrecht-textbox--html-input"


def widget_class(widget: forms.Widget) -> str:
    for kind in type(widget).__mro__:
        if kind in WIDGET_CLASSES:
            return WIDGET_CLASSES[kind]
    return TEXTBOX_CLASS


class NlFormMixin:
    """NL Design System classes on every widget, and aria-invalid on fields with errors, so
    screen readers announce the error together with the field."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for bound in self:  # type: ignore[attr-defined]
            widget = bound.field.widget
            widget.attrs.setdefault("class", widget_class(widget))
            if bound.help_text:
                widget.attrs["aria-describedby"] = f"{bound.auto_id}_helptext"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                widget.attrs["aria-invalid"] = "true"
                described = f"id_{name}_error"
                current = widget.attrs.get("aria-describedby", "")
                if described not in current:
                    widget.attrs["aria-describedby"] = f"{described} {current}".strip()
